package org.hitlbm.nn.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Area under the ROC curve by the rank-sum (Mann-Whitney) statistic; tied scores share their
 * average rank, so a tie between a positive and a negative counts one half.
 */
public final class AUC {
    private AUC() {
    }

    /** @return AUC in [0, 1], or NaN when only one class is present */
    public static double of(int[] truth, double[] prob) {
        if (truth.length != prob.length) {
            throw new IllegalArgumentException("truth and prob differ in length: " + truth.length + " vs " + prob.length);
        }
        int n = truth.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> prob[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && prob[order[j + 1]] == prob[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1; // ranks are 1-based
            for (int k = i; k <= j; k++) {
                if (truth[order[k]] == 1) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
