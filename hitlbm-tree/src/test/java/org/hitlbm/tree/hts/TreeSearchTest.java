package org.hitlbm.tree.hts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.nn.metrics.AUC;
import org.hitlbm.text.TextEncoder;
import org.hitlbm.tree.TreeFixtures;
import org.hitlbm.tree.cache.CachedLlmClient;
import org.hitlbm.tree.cache.LlmCallCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeSearchTest {
    private static final PreparedData DATA = TreeFixtures.data(6);

    /** A tiny deterministic "encoder": text length and a character checksum, so candidates differ. */
    static final TextEncoder FAKE_ENCODER = new TextEncoder() {
        @Override
        public String name() {
            return "fake";
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public float[][] encode(List<String> texts) {
            return texts.stream().map(t -> new float[] {t.length() % 97 / 97f, Math.floorMod(t.hashCode(), 101) / 101f})
                    .toArray(float[][]::new);
        }
    };

    /** A rating model that fits nothing and scores each row by {@code score}. */
    static RatingModel scoring(java.util.function.ToDoubleFunction<float[]> score) {
        return new RatingModel() {
            @Override
            public RatingFit fit(float[][] x, int[] y, int[] groups, long seed) {
                return new RatingFit(x.length, 0, Double.NaN, 0);
            }

            @Override
            public double[] score(float[][] x) {
                return java.util.Arrays.stream(x).mapToDouble(score).toArray();
            }
        };
    }

    /** Scores a row by the current interest's first coordinate (the last block for SRM): known, so the argmax can be checked by hand. */
    static final RatingModel FIRST_COORDINATE = scoring(x -> x[x.length - 2]);

    /** The stand-in SRM prior used where a test needs one. */
    static final double PRIOR = 0.3;

    @TempDir
    Path dir;

    private TreeSearch search(TreeFixtures.Recording llm, int expansions, int beam) {
        return new TreeSearch(llm, TreeFixtures.prompts(DATA), FAKE_ENCODER, FIRST_COORDINATE, FIRST_COORDINATE,
                new SearchSettings(expansions, beam, 0.5, 1, 0.9, 512, 7), PRIOR, 0);
    }

    @Test
    void labelsFollowEquation5() {
        // hand-computed: AUC_point 0.75 beats AUC_seq 0.5 but not AUC_hist 0.8
        assertEquals(1, RatingLabels.continuity(0.5, 0.75));
        assertEquals(0, RatingLabels.effectiveness(0.8, 0.75));
        assertEquals(0, RatingLabels.continuity(0.75, 0.75), "a tie is not better");
        assertEquals(-1, RatingLabels.continuity(Double.NaN, 0.75), "no previous interest");
        // the AUCs themselves from Yes-probabilities over S_t: positives 0.9, 0.4; negatives 0.6, 0.1 -> 3/4
        assertEquals(0.75, AUC.of(new int[] {1, 1, 0, 0}, new double[] {0.9, 0.4, 0.6, 0.1}), 1e-12);
    }

    @Test
    void greedySearchKeepsTheArgmaxOfEachLayer() {
        UserHistory h = DATA.dataset().histories().get(0);
        UserChunks c = DATA.chunks().get(0);
        InterestTree tree = search(new TreeFixtures.Recording(), 4, 1).search(h, c, "u");
        assertEquals(c.count(), tree.layers().size());
        for (TreeLayer layer : tree.layers()) {
            assertEquals(4, layer.candidates().size());
            Candidate best = layer.candidates().stream().max(Comparator.comparingDouble(Candidate::score)).orElseThrow();
            assertEquals(best, layer.chosen(), "layer " + layer.chunk());
            assertEquals(1, layer.candidates().stream().filter(Candidate::chosen).count());
            // S_final = alpha * S_c + (1 - alpha) * S_e in every layer; S_c of the first is the SRM's prior
            for (Candidate x : layer.candidates()) {
                if (layer.chunk() == 0) {
                    assertEquals(PRIOR, x.continuity(), 1e-12);
                }
                assertEquals(0.5 * x.continuity() + 0.5 * x.effectiveness(), x.score(), 1e-12);
            }
        }
        // each chosen child descends from the chosen parent
        for (int t = 1; t < tree.layers().size(); t++) {
            int parent = tree.layers().get(t).chosen().parent();
            assertTrue(tree.layers().get(t - 1).candidates().get(parent).chosen());
        }
    }

    /** The first {@code k} chunks of a user's chunks: the data as it stood when those chunks had closed. */
    private static UserChunks firstChunks(UserChunks c, int k) {
        return new UserChunks(c.user(), java.util.Arrays.copyOf(c.ends(), k), java.util.Arrays.copyOf(c.lastTimestamps(), k));
    }

    /**
     * Issue 18: a stored tree grown by the chunks that closed since asks the LLM for the new layers
     * only, keeps the old layers, and is the tree a search of all chunks makes (greedy and wider beams).
     */
    @Test
    void aTreeGrownByNewChunksIsTheFullSearchsTreeAndCallsOnlyForTheNewLayers() {
        int grownTrees = 0;
        for (int beam : new int[] {1, 2}) {
            for (int u = 0; u < DATA.dataset().histories().size(); u++) {
                UserHistory h = DATA.dataset().histories().get(u);
                UserChunks all = DATA.chunks().get(u);
                if (all.count() < 3) {
                    continue;
                }
                int k = all.count() - 2;
                TreeFixtures.Recording full = new TreeFixtures.Recording();
                InterestTree expected = search(full, 3, beam).search(h, all, "u");
                InterestTree old = search(new TreeFixtures.Recording(), 3, beam).search(h, firstChunks(all, k), "u");
                TreeFixtures.Recording grow = new TreeFixtures.Recording();
                InterestTree grown = search(grow, 3, beam).extend(old, h, all, "u");
                assertEquals(expected, grown, "beam " + beam + ", user " + u);
                grownTrees++;
                int newLayerCalls = 0;
                for (int t = k; t < all.count(); t++) {
                    newLayerCalls += t == 0 ? 3 : 3 * Math.min(beam, expected.layers().get(t - 1).candidates().size());
                }
                assertEquals(newLayerCalls, grow.calls.get(), "beam " + beam + ": the new layers' expansions, nothing else");
                assertEquals(full.prompts.subList(full.prompts.size() - grow.prompts.size(), full.prompts.size()), grow.prompts);
                for (int t = 0; t < k; t++) {
                    assertEquals(old.layers().get(t).candidates().stream().map(Candidate::text).toList(),
                            grown.layers().get(t).candidates().stream().map(Candidate::text).toList(), "old layer " + t + " kept");
                }
                if (beam == 1) {
                    for (int t = 0; t < k; t++) {
                        assertEquals(old.layers().get(t).chosen(), grown.layers().get(t).chosen(), "greedy: the old path stays chosen");
                    }
                }
            }
        }
        assertTrue(grownTrees >= 4, grownTrees + " trees grown");
        InterestTree other = search(new TreeFixtures.Recording(), 3, 1).search(DATA.dataset().histories().get(0), DATA.chunks().get(0),
                "u");
        assertThrows(IllegalArgumentException.class, () -> search(new TreeFixtures.Recording(), 3, 1).extend(other,
                DATA.dataset().histories().get(1), DATA.chunks().get(1), "u"), "another user's tree");
    }

    @Test
    void widerBeamsKeepSeveralParents() {
        InterestTree tree = search(new TreeFixtures.Recording(), 3, 2).search(DATA.dataset().histories().get(0), DATA.chunks().get(0), "u");
        assertEquals(3, tree.layers().get(0).candidates().size());
        assertEquals(6, tree.layers().get(1).candidates().size(), "two kept parents x three children");
        assertEquals(2, tree.layers().get(1).candidates().stream().map(Candidate::parent).distinct().count());
    }

    @Test
    void aResumedSearchRepeatsNoLlmCallAndTreesRoundTrip() {
        UserHistory h = DATA.dataset().histories().get(1);
        UserChunks c = DATA.chunks().get(1);
        Path cacheFile = dir.resolve("llm.sqlite");
        InterestTree first;
        try (LlmCallCache cache = new LlmCallCache(cacheFile)) {
            TreeFixtures.Recording llm = new TreeFixtures.Recording();
            first = new TreeSearch(new CachedLlmClient(llm, cache), TreeFixtures.prompts(DATA), FAKE_ENCODER, FIRST_COORDINATE,
                    FIRST_COORDINATE, new SearchSettings(3, 1, 0.5, 1, 0.9, 512, 7), PRIOR, 0).search(h, c, "u");
            assertEquals(3 * c.count(), llm.calls.get());
        }
        try (LlmCallCache cache = new LlmCallCache(cacheFile)) {
            TreeFixtures.Recording llm = new TreeFixtures.Recording();
            InterestTree again = new TreeSearch(new CachedLlmClient(llm, cache), TreeFixtures.prompts(DATA), FAKE_ENCODER,
                    FIRST_COORDINATE, FIRST_COORDINATE, new SearchSettings(3, 1, 0.5, 1, 0.9, 512, 7), PRIOR, 0).search(h, c, "u");
            assertEquals(0, llm.calls.get(), "every candidate came from the cache");
            assertEquals(first.chosenInterests(), again.chosenInterests());
        }
        TreeStore store = new TreeStore(dir.resolve("trees"));
        store.save(first);
        InterestTree loaded = store.load(first.user()).orElseThrow();
        assertEquals(first.chosenInterests(), loaded.chosenInterests());
        assertEquals(first.layers().get(0).candidates().get(0).continuity(), loaded.layers().get(0).candidates().get(0).continuity());
        assertEquals(first.fold(), loaded.fold());
    }

    /** A rating model that says the same for every row. */
    static RatingModel constant(double value) {
        return scoring(x -> value);
    }

    @Test
    void firstLayerScoresShareTheScaleOfTheLaterLayers() {
        // an SRM that always says 0.9 and a PRM that always says 0.1: with S_c of layer 1 as the SRM's
        // prior (0.9, its mean score), every node of every layer has S_final = 0.5 * 0.9 + 0.5 * 0.1;
        // S_e alone in layer 1 (before) gave 0.1 there and 0.5 later, so TIF weighted chunk 1 five times less
        UserHistory h = DATA.dataset().histories().get(0);
        UserChunks c = DATA.chunks().get(0);
        SearchSettings settings = new SearchSettings(3, 1, 0.5, 1, 0.9, 512, 7);
        InterestTree tree = new TreeSearch(new TreeFixtures.Recording(), TreeFixtures.prompts(DATA), FAKE_ENCODER, constant(0.9),
                constant(0.1), settings, 0.9, 0).search(h, c, "u");
        assertTrue(tree.layers().size() > 1);
        for (double s : tree.chosenScores()) {
            assertEquals(0.5, s, 1e-12);
        }
        InterestTree one = new TreeSearch(new TreeFixtures.Recording(), TreeFixtures.prompts(DATA), FAKE_ENCODER, constant(0.9),
                constant(0.1), new SearchSettings(3, 1, 0.5, 1, 0.9, 512, 7, SearchSettings.FirstLayer.ONE), Double.NaN, 0).search(h, c, "u");
        assertEquals(0.55, one.chosenScores()[0], 1e-12, "one: S_c = 1 in layer 1");
        InterestTree old = new TreeSearch(new TreeFixtures.Recording(), TreeFixtures.prompts(DATA), FAKE_ENCODER, constant(0.9),
                constant(0.1), new SearchSettings(3, 1, 0.5, 1, 0.9, 512, 7, SearchSettings.FirstLayer.EFFECTIVENESS), Double.NaN, 0)
                .search(h, c, "u");
        assertEquals(0.1, old.chosenScores()[0], 1e-12, "effectiveness: S_final = S_e in layer 1, as before");
        assertEquals(0.5, old.chosenScores()[1], 1e-12);
    }
}
