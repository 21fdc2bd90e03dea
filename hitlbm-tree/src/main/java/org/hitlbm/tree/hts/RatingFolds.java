package org.hitlbm.tree.hts;

import org.hitlbm.tree.cube.CubeCascade;

/**
 * Cross-fitting by user (SPEC, "Honest evaluation"): SRM/PRM learn from labels made of chunk t+1
 * of training users, and the search they drive makes features for those same users' CTR samples.
 * Users are split into K folds; the trees of fold f are searched only with rating models fitted on
 * the other folds' rows, so no user's own labels ever pick that user's interests.
 */
public final class RatingFolds {
    private RatingFolds() {
    }

    /**
     * The fold (0..folds-1) of a user: a seeded hash of the user id, so it never depends on which
     * other users are present (balanced in expectation, not exactly).
     */
    public static int of(int user, int folds, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("cross-fitting needs at least 2 folds, got " + folds);
        }
        return (int) (CubeCascade.callSeed(seed ^ 0xF01D5L, user, 0) % folds);
    }
}
