package org.hitlbm.nn.metrics;

/** Mean binary cross-entropy, with probabilities clipped to [eps, 1 - eps] so 0 and 1 stay finite. */
public final class LogLoss {
    public static final double EPSILON = 1e-7;

    private LogLoss() {
    }

    public static double of(int[] truth, double[] prob) {
        if (truth.length != prob.length) {
            throw new IllegalArgumentException("truth and prob differ in length: " + truth.length + " vs " + prob.length);
        }
        if (truth.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double p = Math.min(1 - EPSILON, Math.max(EPSILON, prob[i]));
            sum += truth[i] == 1 ? -Math.log(p) : -Math.log(1 - p);
        }
        return sum / truth.length;
    }
}
