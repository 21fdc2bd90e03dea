package org.hitlbm.tree.hts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.tree.TreeFixtures;
import org.hitlbm.tree.cube.CubeCascade;
import org.hitlbm.tree.cube.CubeSettings;
import org.hitlbm.tree.llm.offline.OfflineProfiler;
import org.hitlbm.tree.prompt.Prompts;
import org.junit.jupiter.api.Test;

class RatingDataBuilderTest {
    private static final PreparedData DATA = TreeFixtures.data(8);
    private static final SearchSettings SEARCH = new SearchSettings(3, 1, 0.5, 1, 0.9, 512, 7);

    private static Map<Integer, List<String>> cascade(Prompts prompts) {
        return new CubeCascade(new OfflineProfiler(), prompts, new CubeSettings(0.5, 0, 512, 1, 1)).allInterests(DATA, n -> { });
    }

    @Test
    void paperDataRatesOnlyTheCascadeInterestOnTrainingChunks() {
        Prompts prompts = TreeFixtures.prompts(DATA);
        Map<Integer, List<String>> interests = cascade(prompts);
        List<RatingExample> examples = new RatingDataBuilder(new OfflineProfiler(), prompts, 6, 1, 7).build(DATA, interests);
        assertFalse(examples.isEmpty());
        for (RatingExample e : examples) {
            assertEquals(-1, e.sample());
            assertEquals(interests.get(e.user()).get(e.chunk()), e.interest());
            assertTrue(e.evalItems() >= 2 && e.evalItems() <= 12, "N liked + N not liked, N = 6");
            assertEquals(e.aucPoint() > e.aucHist() ? 1 : 0, e.effectiveness());
            UserHistory h = DATA.dataset().histories().get(e.historyIndex());
            var c = DATA.chunks().get(e.historyIndex());
            for (int p = c.start(e.chunk() + 1); p < c.end(e.chunk() + 1); p++) {
                assertEquals(Split.TRAIN.code(), h.splits()[p], "S_t is drawn from the training period only");
            }
        }
    }

    @Test
    void candidatesAreRatedAgainstTheSameItemsButNeverAreTheSearchsOwnChildren() {
        Prompts prompts = TreeFixtures.prompts(DATA);
        Map<Integer, List<String>> interests = cascade(prompts);
        List<RatingExample> examples = new RatingDataBuilder(new OfflineProfiler(), prompts, 6, 1, 7, 3, SEARCH).build(DATA, interests);
        Map<String, List<RatingExample>> byChunk = examples.stream()
                .collect(Collectors.groupingBy(e -> e.user() + "/" + e.chunk(), java.util.LinkedHashMap::new, Collectors.toList()));
        for (List<RatingExample> chunk : byChunk.values()) {
            assertEquals(List.of(-1, 0, 1, 2), chunk.stream().map(RatingExample::sample).toList());
            Set<Double> hist = new HashSet<>();
            chunk.forEach(e -> hist.add(e.aucHist()));
            assertEquals(1, hist.size(), "siblings are judged against one AUC_hist");
            chunk.forEach(e -> assertEquals(e.aucPoint() > e.aucHist() ? 1 : 0, e.effectiveness()));
        }
        assertTrue(byChunk.values().stream().anyMatch(chunk -> chunk.stream().map(RatingExample::effectiveness).distinct().count() > 1),
                "labels vary among the siblings of some chunk");
        // chunk 0 of a user: the search's first layer has the same prompt (no parent), but the rated
        // candidates draw from their own seed stream, so none of them is a text the search scores
        RatingExample first = examples.stream().filter(e -> e.chunk() == 0 && e.sample() >= 0).findFirst().orElseThrow();
        UserHistory h = DATA.dataset().histories().get(first.historyIndex());
        InterestTree tree = new TreeSearch(new OfflineProfiler(), prompts, TreeSearchTest.FAKE_ENCODER, TreeSearchTest.FIRST_COORDINATE,
                TreeSearchTest.FIRST_COORDINATE, SEARCH, TreeSearchTest.PRIOR, 0).search(h, DATA.chunks().get(first.historyIndex()), "u");
        List<String> rated = new ArrayList<>();
        examples.stream().filter(e -> e.user() == first.user() && e.chunk() == 0 && e.sample() >= 0).forEach(e -> rated.add(e.interest()));
        Set<String> searched = new HashSet<>(tree.layers().get(0).candidates().stream().map(Candidate::text).toList());
        for (String text : rated) {
            assertFalse(searched.contains(text), "a rated candidate is one the search scores");
        }
        assertNotEquals(rated.get(0), rated.get(1), "sampled children differ");
        for (int user = 1; user < 50; user++) {
            for (int s = 0; s < 10; s++) {
                assertNotEquals(TreeSearch.sampleSeed(7, user, 2, s), RatingDataBuilder.candidateSeed(7, user, 2, s));
                assertEquals(0, TreeSearch.sampleSeed(7, user, 2, s) % 2, "search seeds are even");
                assertEquals(1, RatingDataBuilder.candidateSeed(7, user, 2, s) % 2, "rated-candidate seeds are odd");
            }
        }
    }

    @Test
    void validationHoldsOutWholeUsers() {
        int[] y = new int[200];
        int[] users = new int[200];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3 == 0 ? 1 : 0;
            users[i] = i / 10;
        }
        RatingHoldout split = RatingHoldout.split(y, users, 5);
        Set<Integer> trainUsers = new HashSet<>();
        for (int r : split.train) {
            trainUsers.add(users[r]);
        }
        assertTrue(split.validation.length > 0);
        for (int r : split.validation) {
            assertFalse(trainUsers.contains(users[r]), "user " + users[r] + " on both sides");
        }
        assertEquals(y.length, split.train.length + split.validation.length);
    }
}
