package org.hitlbm.data.synthetic;

import java.util.SplittableRandom;

/**
 * One interest regime: a distribution over genres concentrated on 2-3 "main" genres, with a thin
 * background over all genres so that every item has some appeal.
 *
 * @param weights genre distribution (sums to 1)
 * @param main    the genres the regime is concentrated on
 */
record InterestRegime(double[] weights, int[] main) {
    /** Share of the probability mass on the main genres. */
    static final double MAIN_SHARE = 0.85;

    /**
     * Draws a regime whose first main genre is not a main genre of {@code previous}, so a change
     * point always changes what the user is after.
     */
    static InterestRegime draw(int genres, InterestRegime previous, SplittableRandom rng) {
        int k = Math.min(rng.nextInt(2, 4), genres - 1);
        boolean[] excluded = new boolean[genres];
        int available = genres;
        if (previous != null) {
            for (int g : previous.main) {
                excluded[g] = true;
                available--;
            }
        }
        int[] main = new int[k];
        main[0] = nthFree(excluded, rng.nextInt(available));
        boolean[] taken = new boolean[genres];
        taken[main[0]] = true;
        for (int i = 1; i < k; i++) {
            main[i] = nthFree(taken, rng.nextInt(genres - i));
            taken[main[i]] = true;
        }
        double[] w = new double[genres];
        double[] mainShare = new double[k];
        for (int i = 0; i < k; i++) {
            mainShare[i] = SyntheticMath.gamma(2, rng);
        }
        SyntheticMath.normalise(mainShare);
        double[] background = new double[genres];
        for (int g = 0; g < genres; g++) {
            background[g] = SyntheticMath.gamma(1, rng);
        }
        SyntheticMath.normalise(background);
        for (int g = 0; g < genres; g++) {
            w[g] = (1 - MAIN_SHARE) * background[g];
        }
        for (int i = 0; i < k; i++) {
            w[main[i]] += MAIN_SHARE * mainShare[i];
        }
        return new InterestRegime(w, main);
    }

    /** Splits {@code n} behaviors into {@code r} consecutive regimes of random, non-zero lengths. */
    static int[] segmentLengths(int n, int r, SplittableRandom rng) {
        double[] share = new double[r];
        for (int i = 0; i < r; i++) {
            share[i] = 0.5 + rng.nextDouble(); // no regime much shorter than a third of another
        }
        SyntheticMath.normalise(share);
        int[] len = new int[r];
        int spare = n - r;
        double cumulative = 0;
        int given = 0;
        for (int i = 0; i < r; i++) {
            cumulative += share[i];
            int upTo = i == r - 1 ? spare : (int) Math.round(spare * cumulative);
            len[i] = 1 + upTo - given;
            given = upTo;
        }
        return len;
    }

    /** Index of the {@code n}-th (0-based) genre not marked in {@code used}. */
    private static int nthFree(boolean[] used, int n) {
        for (int g = 0; g < used.length; g++) {
            if (!used[g] && n-- == 0) {
                return g;
            }
        }
        throw new IllegalStateException("no free genre left");
    }
}
