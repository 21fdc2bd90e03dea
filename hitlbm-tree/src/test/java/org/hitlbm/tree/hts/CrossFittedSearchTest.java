package org.hitlbm.tree.hts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitlbm.data.PreparedData;
import org.hitlbm.tree.TreeFixtures;
import org.hitlbm.tree.cube.CubeCascade;
import org.hitlbm.tree.cube.CubeSettings;
import org.hitlbm.tree.llm.offline.OfflineProfiler;
import org.hitlbm.tree.prompt.Prompts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossFittedSearchTest {
    private static final PreparedData DATA = TreeFixtures.data(16);
    private static final SearchSettings SEARCH = new SearchSettings(3, 1, 0.5, 1, 0.9, 512, 7);

    /** Remembers the users whose rows it was fitted on, and how many rows it was asked to score. */
    static final class Recorder implements RatingModel {
        final Set<Integer> trainedOn = new HashSet<>();
        int scored;

        @Override
        public RatingFit fit(float[][] x, int[] y, int[] groups, long seed) {
            for (int g : groups) {
                trainedOn.add(g);
            }
            return new RatingFit(x.length, 0, Double.NaN, RatingHoldout.positiveRate(y));
        }

        @Override
        public double[] score(float[][] x) {
            scored += x.length;
            double[] s = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                s[i] = x[i][x[i].length - 2];
            }
            return s;
        }
    }

    @TempDir
    Path dir;

    private static Map<Integer, List<String>> cascade(Prompts prompts) {
        return new CubeCascade(new OfflineProfiler(), prompts, new CubeSettings(0.5, 0, 512, 1, 1)).allInterests(DATA, n -> { });
    }

    private static List<Integer> everyone() {
        List<Integer> users = new ArrayList<>();
        for (int u = 0; u < DATA.dataset().histories().size(); u++) {
            users.add(u);
        }
        return users;
    }

    private void noUserIsSearchedByModelsThatSawItsRows(int ratingCandidates) {
        Prompts prompts = TreeFixtures.prompts(DATA);
        Map<Integer, List<String>> interests = cascade(prompts);
        List<RatingExample> examples = new RatingDataBuilder(new OfflineProfiler(), prompts, 6, 1, 3, ratingCandidates, SEARCH)
                .build(DATA, interests);
        Set<Integer> rated = new HashSet<>();
        examples.forEach(e -> rated.add(e.user()));
        List<Recorder> models = new ArrayList<>();
        CrossFittedSearch search = new CrossFittedSearch(new OfflineProfiler(), prompts, TreeSearchTest.FAKE_ENCODER, () -> {
            Recorder r = new Recorder();
            models.add(r);
            return r;
        }, SEARCH, 4, 11, 1);
        CrossFittedSearch.Outcome outcome = search.run(DATA, examples, interests, new TreeStore(dir.resolve("trees-" + ratingCandidates)),
                everyone(), (fit, of) -> { });
        assertEquals(DATA.dataset().histories().size(), outcome.trees().size());
        assertEquals(2 * outcome.folds().size(), models.size(), "an SRM and a PRM per fold");
        for (InterestTree tree : outcome.trees()) {
            assertEquals(search.foldOf(tree.user()), tree.fold());
            int at = -1;
            for (int i = 0; i < outcome.folds().size(); i++) {
                if (outcome.folds().get(i).fold() == tree.fold()) {
                    at = i;
                }
            }
            Recorder srm = models.get(2 * at);
            Recorder prm = models.get(2 * at + 1);
            assertFalse(srm.trainedOn.contains(tree.user()), "user " + tree.user() + "'s rows trained the SRM that searched it");
            assertFalse(prm.trainedOn.contains(tree.user()), "user " + tree.user() + "'s rows trained the PRM that searched it");
            assertFalse(srm.trainedOn.isEmpty());
        }
        // every rated user trained some fold's models: the folds partition, they do not drop users
        Set<Integer> trainedSomewhere = new HashSet<>();
        models.forEach(m -> trainedSomewhere.addAll(m.trainedOn));
        assertEquals(rated, trainedSomewhere);
        assertTrue(outcome.outOfFoldRows()[0] > 0 && outcome.outOfFoldRows()[1] > 0, "out-of-fold AUCs rest on unseen users' rows");
    }

    @Test
    void thePapersRatingDataIsCrossFitted() {
        noUserIsSearchedByModelsThatSawItsRows(0);
    }

    @Test
    void ratedCandidatesAreCrossFittedToo() {
        noUserIsSearchedByModelsThatSawItsRows(2);
    }

    @Test
    void storedTreesTrainNothingAndFoldsAreStable() {
        Prompts prompts = TreeFixtures.prompts(DATA);
        Map<Integer, List<String>> interests = cascade(prompts);
        List<RatingExample> examples = new RatingDataBuilder(new OfflineProfiler(), prompts, 6, 1, 3).build(DATA, interests);
        TreeStore store = new TreeStore(dir.resolve("trees"));
        List<Recorder> models = new ArrayList<>();
        CrossFittedSearch search = new CrossFittedSearch(new OfflineProfiler(), prompts, TreeSearchTest.FAKE_ENCODER, () -> {
            Recorder r = new Recorder();
            models.add(r);
            return r;
        }, SEARCH, 3, 5, 2);
        List<InterestTree> first = search.run(DATA, examples, interests, store, everyone(), (f, of) -> { }).trees();
        int fitted = models.size();
        CrossFittedSearch.Outcome again = search.run(DATA, examples, interests, store, everyone(), (f, of) -> { });
        assertEquals(fitted, models.size(), "every tree came from the store");
        assertTrue(again.folds().isEmpty());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).chosenInterests(), again.trees().get(i).chosenInterests());
        }
        for (int user = 1; user < 200; user++) {
            int fold = RatingFolds.of(user, 5, 9);
            assertTrue(fold >= 0 && fold < 5);
            assertEquals(fold, RatingFolds.of(user, 5, 9), "a user's fold depends on nothing but its id and the seed");
        }
        assertThrows(IllegalArgumentException.class, () -> RatingFolds.of(1, 1, 9));
    }

    /** A real model that counts its fits. */
    static final class CountingFits implements RatingModel {
        final RatingModel inner;
        final java.util.concurrent.atomic.AtomicInteger fits;

        CountingFits(RatingModel inner, java.util.concurrent.atomic.AtomicInteger fits) {
            this.inner = inner;
            this.fits = fits;
        }

        @Override
        public RatingFit fit(float[][] x, int[] y, int[] groups, long seed) {
            fits.incrementAndGet();
            return inner.fit(x, y, groups, seed);
        }

        @Override
        public double[] score(float[][] x) {
            return inner.score(x);
        }

        @Override
        public byte[] weights() {
            return inner.weights();
        }

        @Override
        public void restore(byte[] weights) {
            inner.restore(weights);
        }
    }

    /**
     * Issue 17: the rating models are fitted once and stored; a second shard on the same store
     * reads them (no fit, no rating data asked for) and searches its users into the trees one
     * process makes; damaged stored models are a warning and a refit.
     */
    @Test
    void aSecondShardReadsTheStoredRatingModelsAndMakesTheOneProcessTrees() throws Exception {
        Prompts prompts = TreeFixtures.prompts(DATA);
        Map<Integer, List<String>> interests = cascade(prompts);
        List<RatingExample> examples = new RatingDataBuilder(new OfflineProfiler(), prompts, 6, 1, 3).build(DATA, interests);
        java.util.concurrent.atomic.AtomicInteger fits = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Supplier<CrossFittedSearch> search = () -> new CrossFittedSearch(new OfflineProfiler(), prompts,
                TreeSearchTest.FAKE_ENCODER, () -> new CountingFits(new LogisticRatingModel(), fits), SEARCH, 3, 5, 1);
        java.util.function.Supplier<List<RatingExample>> counted = () -> {
            asked.incrementAndGet();
            return examples;
        };
        CrossFittedSearch.Outcome single = search.get().run(DATA, examples, interests, new TreeStore(dir.resolve("single")), everyone(),
                (f, of) -> { });
        assertEquals(6, fits.get(), "an SRM and a PRM for each of 3 folds");

        List<Integer> firstHalf = everyone().subList(0, 8);
        List<Integer> secondHalf = everyone().subList(8, 16);
        List<String> warnings = new ArrayList<>();
        TreeStore shared = new TreeStore(dir.resolve("shared"), warnings::add);
        fits.set(0);
        List<Boolean> storedFolds = new ArrayList<>();
        CrossFittedSearch.Outcome one = search.get().run(DATA, counted, () -> interests, shared, firstHalf,
                (f, of) -> storedFolds.add(f.stored()));
        int firstFits = fits.get();
        assertEquals(2 * one.folds().size(), firstFits);
        assertEquals(1, asked.get());
        assertTrue(storedFolds.stream().noneMatch(b -> b));

        fits.set(0);
        storedFolds.clear();
        CrossFittedSearch.Outcome two = search.get().run(DATA, counted, () -> interests, new TreeStore(dir.resolve("shared"), warnings::add),
                secondHalf, (f, of) -> storedFolds.add(f.stored()));
        assertEquals(3, two.folds().size(), "the second half has users in every fold");
        assertEquals(0, fits.get(), "nothing fitted again");
        assertEquals(1, asked.get(), "no rating data asked for");
        assertTrue(storedFolds.stream().allMatch(b -> b), storedFolds.toString());
        assertEquals(single.srmOutOfFold(), two.srmOutOfFold(), 0.0, "the stored held-out scores give the same out-of-fold AUC");
        assertEquals(single.prmOutOfFold(), two.prmOutOfFold(), 0.0);
        for (int i = 0; i < 8; i++) {
            assertEquals(single.trees().get(i), one.trees().get(i));
            assertEquals(single.trees().get(8 + i), two.trees().get(i), "user at " + (8 + i) + ": the one-process tree");
        }
        assertEquals(List.of(), warnings);

        // a damaged stored fold: one warning, fitted and stored again, the same trees
        java.nio.file.Files.writeString(dir.resolve("shared").resolve("rating-models-fold-0.bin"), "garbage");
        TreeStore fresh = new TreeStore(java.nio.file.Files.createDirectories(dir.resolve("again")), warnings::add);
        java.nio.file.Files.copy(dir.resolve("shared").resolve("rating-models-fold-0.bin"), dir.resolve("again").resolve(
                "rating-models-fold-0.bin"));
        fits.set(0);
        CrossFittedSearch.Outcome three = search.get().run(DATA, counted, () -> interests, fresh, secondHalf, (f, of) -> { });
        assertEquals(1, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(0).contains("fold 1") && warnings.get(0).contains("fitted again"), warnings.get(0));
        assertEquals(6, fits.get(), "every fold fitted in the fresh store, the damaged one included");
        assertEquals(two.trees(), three.trees());
    }
}
