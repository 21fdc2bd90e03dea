package org.hitlbm.tree.hts;

/**
 * A process rating model (SRM or PRM, SPEC Eq. 5-6): encoder features of an interest (and its
 * predecessors) to the probability that it is a good one, trained with binary cross-entropy.
 */
public interface RatingModel {
    /**
     * Trains on {@code x} (rows of equal width) and binary labels {@code y}; holds out a seeded
     * validation share to report how well it ranks unseen samples.
     */
    default RatingFit fit(float[][] x, int[] y, long seed) {
        return fit(x, y, null, seed);
    }

    /**
     * As {@link #fit(float[][], int[], long)}, holding out whole groups (e.g. users) for validation
     * so rows of one group never sit on both sides; null groups = every row its own.
     */
    RatingFit fit(float[][] x, int[] y, int[] groups, long seed);

    /** P(good) for each row. */
    double[] score(float[][] x);

    /**
     * The fitted model as bytes for {@link #restore}, so a store can keep it and other processes
     * score with it without fitting again; null when this kind cannot be stored (it is fitted anew).
     */
    default byte[] weights() {
        return null;
    }

    /**
     * Takes what {@link #weights} gave from a model of this kind and settings; it then scores
     * exactly as that fitted model did.
     *
     * @throws IllegalArgumentException the bytes are not such weights
     */
    default void restore(byte[] weights) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be restored from weights");
    }

    /**
     * What a fit achieved.
     *
     * @param validationAuc AUC on the held-out rows (NaN when they hold one class)
     * @param positiveRate  share of label 1 in all rows: the label balance
     */
    record RatingFit(int trainRows, int validationRows, double validationAuc, double positiveRate) {
    }
}
