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
}
