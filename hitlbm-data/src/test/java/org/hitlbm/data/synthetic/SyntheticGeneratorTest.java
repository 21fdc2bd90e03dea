package org.hitlbm.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.hitlbm.data.Domain;
import org.hitlbm.data.GroundTruth;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.Item;
import org.hitlbm.data.RawDataset;
import org.junit.jupiter.api.Test;

class SyntheticGeneratorTest {
    private static final SyntheticConfig SMALL = SyntheticConfig.defaults().withUsers(40).withItems(150)
            .withBehaviorsPerUser(60, 90);

    @Test
    void sameSeedGivesTheSameDataset() {
        RawDataset a = SyntheticGenerator.generate(SMALL);
        RawDataset b = SyntheticGenerator.generate(SMALL);
        assertEquals(a.items(), b.items());
        assertEquals(a.users(), b.users());
        assertEquals(a.interactions(), b.interactions());
        GroundTruth ta = a.truth().orElseThrow();
        GroundTruth tb = b.truth().orElseThrow();
        for (Interaction i : a.interactions()) {
            assertArrayEquals(ta.interestAt(i.user(), i.timestamp()), tb.interestAt(i.user(), i.timestamp()));
        }
    }

    @Test
    void differentSeedGivesADifferentDataset() {
        RawDataset a = SyntheticGenerator.generate(SMALL);
        RawDataset b = SyntheticGenerator.generate(SMALL.withSeed(43));
        assertNotEquals(a.interactions(), b.interactions());
        assertNotEquals(a.items(), b.items());
    }

    @Test
    void sizesAreHonouredAndIdsAreDense() {
        SyntheticConfig c = SyntheticConfig.defaults().withUsers(30).withItems(100).withGenres(8)
                .withBehaviorsPerUser(20, 40).withGenresPerItem(1, 2);
        RawDataset d = SyntheticGenerator.generate(c);
        assertEquals("synthetic", d.name());
        assertEquals(Domain.MOVIES, d.domain());
        assertEquals(30, d.numUsers());
        assertEquals(100, d.numItems());
        assertEquals(SyntheticGenerator.GENRES.subList(0, 8), d.truth().orElseThrow().genres());
        Set<String> titles = new HashSet<>();
        for (Item item : d.items()) {
            assertTrue(item.genres().size() >= 1 && item.genres().size() <= 2, item.toString());
            assertTrue(SyntheticGenerator.GENRES.subList(0, 8).containsAll(item.genres()), item.toString());
            assertEquals(item.genres().size(), new HashSet<>(item.genres()).size(), "no repeated genre");
            assertTrue(titles.add(item.title()), "titles are unique: " + item.title());
        }
        int[] perUser = new int[31];
        for (Interaction i : d.interactions()) {
            assertTrue(i.item() >= 1 && i.item() <= 100);
            assertTrue(i.rating() >= 1 && i.rating() <= 5 && i.rating() == Math.round(i.rating()));
            perUser[i.user()]++;
        }
        for (int u = 1; u <= 30; u++) {
            assertTrue(perUser[u] >= 20 && perUser[u] <= 40, "user " + u + " has " + perUser[u]);
            assertEquals(u, d.user(u).id());
            assertTrue(d.user(u).gender() != null && d.user(u).age() != null && d.user(u).occupation() != null);
        }
    }

    @Test
    void eachUsersTimestampsIncreaseStrictlyAndSpanSeveralMonths() {
        RawDataset d = SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(50));
        List<List<Interaction>> byUser = byUser(d);
        int multiMonth = 0;
        for (List<Interaction> h : byUser) {
            for (int k = 1; k < h.size(); k++) {
                assertTrue(h.get(k).timestamp() > h.get(k - 1).timestamp());
            }
            int startYear = year(h.get(0).timestamp());
            assertTrue(startYear >= 2000 && startYear <= 2003, "start year " + startYear);
            Set<Integer> months = new HashSet<>();
            for (Interaction i : h) {
                ZonedDateTime t = Instant.ofEpochSecond(i.timestamp()).atZone(ZoneOffset.UTC);
                months.add(t.getYear() * 12 + t.getMonthValue());
            }
            if (months.size() >= 3) {
                multiMonth++;
            }
        }
        assertTrue(multiMonth >= 45, "most users span 3+ calendar months, got " + multiMonth + " of 50");
    }

    @Test
    void likedItemsMatchTheTrueInterestBetterThanDislikedOnes() {
        RawDataset d = SyntheticGenerator.generate(SyntheticConfig.defaults());
        GroundTruth truth = d.truth().orElseThrow();
        List<String> genres = truth.genres();
        double liked = 0;
        double disliked = 0;
        int nLiked = 0;
        int nDisliked = 0;
        for (Interaction i : d.interactions()) {
            double cos = cosine(truth.interestAt(i.user(), i.timestamp()), genreVector(d.item(i.item()), genres));
            if (i.rating() > 3) {
                liked += cos;
                nLiked++;
            } else {
                disliked += cos;
                nDisliked++;
            }
        }
        double share = nLiked / (double) (nLiked + nDisliked);
        assertTrue(share > 0.25 && share < 0.75, "both labels are common, liked share " + share);
        liked /= nLiked;
        disliked /= nDisliked;
        assertTrue(liked > disliked + 0.2, "liked " + liked + " vs disliked " + disliked);
    }

    @Test
    void groundTruthCoversEveryBehaviorAndTheRegimeChanges() {
        RawDataset d = SyntheticGenerator.generate(SMALL);
        GroundTruth truth = d.truth().orElseThrow();
        for (List<Interaction> h : byUser(d)) {
            for (Interaction i : h) {
                float[] w = truth.interestAt(i.user(), i.timestamp());
                float sum = 0;
                for (float v : w) {
                    assertTrue(v >= 0);
                    sum += v;
                }
                assertEquals(1f, sum, 1e-4f);
            }
            float[] first = truth.interestAt(h.get(0).user(), h.get(0).timestamp());
            Interaction lastBehavior = h.get(h.size() - 1);
            float[] last = truth.interestAt(lastBehavior.user(), lastBehavior.timestamp());
            assertTrue(l1(first, last) > 0.3, "user " + lastBehavior.user() + "'s interest changes over life");
        }
    }

    @Test
    void driftMovesTheInterestBetweenChangePoints() {
        RawDataset d = SyntheticGenerator.generate(SMALL.withRegimesPerUser(1, 1).withDrift(0.02));
        GroundTruth truth = d.truth().orElseThrow();
        List<Interaction> h = byUser(d).get(0);
        float[] a = truth.interestAt(1, h.get(0).timestamp());
        float[] b = truth.interestAt(1, h.get(1).timestamp());
        float[] z = truth.interestAt(1, h.get(h.size() - 1).timestamp());
        assertTrue(l1(a, b) > 0 && l1(a, b) < 0.1, "one step moves a little");
        assertTrue(l1(a, z) > 0.3, "a whole life moves a lot");
    }

    @Test
    void defaultSizeHasTheConfiguredBehaviorCounts() {
        // speed is measured by the bench command, not asserted here
        RawDataset d = SyntheticGenerator.generate(SyntheticConfig.defaults());
        assertTrue(d.interactions().size() >= 200 * 120 && d.interactions().size() <= 200 * 260);
    }

    @Test
    void invalidConfigIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticConfig.defaults().withUsers(0));
        assertThrows(IllegalArgumentException.class, () -> SyntheticConfig.defaults().withBehaviorsPerUser(10, 5));
        assertThrows(IllegalArgumentException.class, () -> SyntheticConfig.defaults().withGenres(99));
        assertThrows(IllegalArgumentException.class, () -> SyntheticConfig.defaults().withExploration(1.5));
    }

    private static List<List<Interaction>> byUser(RawDataset d) {
        List<List<Interaction>> out = new ArrayList<>();
        for (int u = 0; u < d.numUsers(); u++) {
            out.add(new ArrayList<>());
        }
        for (Interaction i : d.interactions()) {
            out.get(i.user() - 1).add(i);
        }
        return out;
    }

    private static float[] genreVector(Item item, List<String> genres) {
        float[] v = new float[genres.size()];
        for (String g : item.genres()) {
            v[genres.indexOf(g)] = 1f / item.genres().size();
        }
        return v;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double l1(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += Math.abs(a[k] - b[k]);
        }
        return s;
    }

    private static int year(long seconds) {
        return Instant.ofEpochSecond(seconds).atZone(ZoneOffset.UTC).getYear();
    }
}
