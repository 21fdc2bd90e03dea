package org.hitlbm.tree.cube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.GroundTruth;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.tree.TreeFixtures;
import org.hitlbm.tree.cache.CachedLlmClient;
import org.hitlbm.tree.cache.LlmCallCache;
import org.hitlbm.tree.llm.offline.GenreProfile;
import org.hitlbm.tree.llm.offline.OfflineProfiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CubeCascadeTest {
    private static final PreparedData DATA = TreeFixtures.data(10);
    private static final CubeSettings SETTINGS = new CubeSettings(0.5, 0, 512, 1, 2);

    @TempDir
    Path dir;

    @Test
    void eachChunkPromptCarriesThePreviousInterest() {
        TreeFixtures.Recording llm = new TreeFixtures.Recording();
        UserHistory h = DATA.dataset().histories().get(0);
        UserChunks c = DATA.chunks().get(0);
        List<String> interests = new CubeCascade(llm, TreeFixtures.prompts(DATA), SETTINGS).interests(h, c);
        assertEquals(c.count(), interests.size());
        assertTrue(c.count() >= 3, "enough chunks to test the cascade");
        assertFalse(llm.prompts.get(0).contains("[Previous Interest Summary]"), "chunk 1 has no previous interest");
        for (int i = 1; i < interests.size(); i++) {
            assertTrue(llm.prompts.get(i).contains(interests.get(i - 1)), "prompt of chunk " + (i + 1) + " holds Inst_" + i);
        }
    }

    @Test
    void liberSegmentsAreSummarisedAloneFromTheirOwnBehaviorsOnly() {
        TreeFixtures.Recording llm = new TreeFixtures.Recording();
        UserHistory h = DATA.dataset().histories().get(1);
        UserChunks c = DATA.chunks().get(1);
        List<String> segments = new CubeCascade(llm, TreeFixtures.prompts(DATA), SETTINGS).segmentInterests(h, c);
        assertEquals(c.count(), segments.size());
        for (int i = 0; i < c.count(); i++) {
            String prompt = llm.prompts.get(i);
            assertFalse(prompt.contains("[Previous Interest Summary]"), "segment " + i + " is summarised alone");
            assertEquals(c.end(i) - c.start(i), historyLines(prompt), "segment " + i + " holds its own behaviors");
        }
    }

    @Test
    void karsRecentWindowEndsWithTheChunkAndReachesBackAcrossChunks() {
        TreeFixtures.Recording llm = new TreeFixtures.Recording();
        UserHistory h = DATA.dataset().histories().get(1);
        UserChunks c = DATA.chunks().get(1);
        int window = 55; // more than a chunk (40): the window spans two chunks from the second one on
        List<String> recent = new CubeCascade(llm, TreeFixtures.prompts(DATA), SETTINGS).recentInterests(h, c, window);
        assertEquals(c.count(), recent.size());
        for (int i = 0; i < c.count(); i++) {
            int expected = Math.min(window, c.end(i));
            assertEquals(expected, historyLines(llm.prompts.get(i)), "window before the end of chunk " + i);
            // the last line of the window is the chunk's last behavior: nothing later is read
            String lastTitle = DATA.dataset().raw().item(h.items()[c.end(i) - 1]).title();
            String history = historySection(llm.prompts.get(i));
            assertTrue(history.strip().lines().reduce((a, b) -> b).orElse("").contains(lastTitle), history);
        }
    }

    private static String historySection(String prompt) {
        int start = prompt.indexOf("[Current Movie Viewing History]");
        int end = prompt.indexOf("[Task]", start);
        return prompt.substring(start, end).replace("[Current Movie Viewing History]", "");
    }

    private static int historyLines(String prompt) {
        return (int) historySection(prompt).strip().lines().filter(l -> !l.isBlank()).count();
    }

    @Test
    void aResumedRunAfterAKillRepeatsNoCall() {
        Path cacheFile = dir.resolve("llm.sqlite");
        int total;
        try (LlmCallCache cache = new LlmCallCache(cacheFile)) {
            TreeFixtures.Recording counting = new TreeFixtures.Recording();
            new CubeCascade(new CachedLlmClient(counting, cache), TreeFixtures.prompts(DATA), SETTINGS).allInterests(DATA, n -> { });
            total = counting.calls.get();
        }
        Path killedFile = dir.resolve("killed.sqlite");
        int beforeKill = total / 3;
        try (LlmCallCache cache = new LlmCallCache(killedFile)) {
            TreeFixtures.Recording dying = new TreeFixtures.Recording(new OfflineProfiler(), beforeKill);
            CubeCascade cascade = new CubeCascade(new CachedLlmClient(dying, cache), TreeFixtures.prompts(DATA), SETTINGS);
            assertThrows(IllegalStateException.class, () -> cascade.allInterests(DATA, n -> { }));
            assertEquals(beforeKill, cache.size(), "every answered call was stored, nothing else");
        }
        try (LlmCallCache cache = new LlmCallCache(killedFile)) {
            TreeFixtures.Recording resumed = new TreeFixtures.Recording();
            CachedLlmClient client = new CachedLlmClient(resumed, cache);
            Map<Integer, List<String>> interests = new CubeCascade(client, TreeFixtures.prompts(DATA), SETTINGS).allInterests(DATA, n -> { });
            assertEquals(total - beforeKill, resumed.calls.get(), "only the calls the killed run never made");
            assertEquals(DATA.dataset().numUsers(), interests.size());
        }
        try (LlmCallCache cache = new LlmCallCache(killedFile)) {
            TreeFixtures.Recording third = new TreeFixtures.Recording();
            new CubeCascade(new CachedLlmClient(third, cache), TreeFixtures.prompts(DATA), SETTINGS).allInterests(DATA, n -> { });
            assertEquals(0, third.calls.get(), "a fully cached run makes zero calls");
        }
    }

    @Test
    void greedyOfflineInterestsTrackTheSyntheticTruth() {
        GroundTruth truth = DATA.dataset().raw().truth().orElseThrow();
        CubeCascade cascade = new CubeCascade(new OfflineProfiler(), TreeFixtures.prompts(DATA), new CubeSettings(0, 0, 512, 1, 1));
        double own = 0;
        double other = 0;
        int n = 0;
        for (int u = 0; u < DATA.chunks().size(); u++) {
            List<String> interests = cascade.interests(DATA.dataset().histories().get(u), DATA.chunks().get(u));
            int v = (u + 1) % DATA.chunks().size();
            for (int c = 0; c < interests.size() && c < DATA.chunks().get(v).count(); c++) {
                GenreProfile profile = GenreProfile.parseLast(interests.get(c));
                own += profile.distance(asProfile(truth, DATA.chunkTruth(u, c).orElseThrow()));
                other += profile.distance(asProfile(truth, DATA.chunkTruth(v, c).orElseThrow()));
                n++;
            }
        }
        assertTrue(own / n < other / n, "distance to own chunk truth " + own / n + " vs another user's " + other / n);
    }

    private static GenreProfile asProfile(GroundTruth truth, float[] weights) {
        Map<String, Double> w = new java.util.LinkedHashMap<>();
        for (int g = 0; g < weights.length; g++) {
            w.put(truth.genres().get(g), (double) weights[g]);
        }
        return GenreProfile.of(w);
    }
}
