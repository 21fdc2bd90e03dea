package org.hitlbm.experiments.report;

import java.util.Arrays;
import org.apache.commons.math3.stat.inference.TTest;

/** Mean, sample standard deviation and the paired t-test over seeds that the report marks. */
public final class Stats {
    /** The level below which a difference gets its mark. */
    public static final double ALPHA = 0.05;

    private Stats() {
    }

    public static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (n - 1); NaN for fewer than two values. */
    public static double std(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    /**
     * Two-sided paired t-test of {@code a} against {@code b} (same seeds, same order).
     *
     * @return n pairs, mean of a - b, t, p; t and p are NaN with fewer than two pairs, and a
     *         difference that is the same for every seed has p 0 (or 1 when it is zero)
     */
    public static PairedTest paired(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " and " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        double meanDiff = mean(d);
        if (a.length < 2) {
            return new PairedTest(a.length, meanDiff, Double.NaN, Double.NaN);
        }
        double sd = std(d);
        if (sd == 0) {
            return new PairedTest(a.length, meanDiff, meanDiff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, meanDiff),
                    meanDiff == 0 ? 1 : 0);
        }
        TTest test = new TTest();
        return new PairedTest(a.length, meanDiff, test.pairedT(a, b), test.pairedTTest(a, b));
    }

    /** The outcome of one paired test. */
    public record PairedTest(int pairs, double meanDifference, double t, double p) {
        public boolean significant() {
            return p < ALPHA;
        }
    }
}
