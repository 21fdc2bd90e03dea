package org.hitlbm.data.synthetic;

import java.util.SplittableRandom;

/** Small sampling helpers for the generator; all draws go through the caller's seeded random. */
final class SyntheticMath {
    private SyntheticMath() {
    }

    /** {@code k} distinct indices from 0..pool.length-1 (partial Fisher-Yates; {@code pool} is scratch). */
    static int[] sample(int[] pool, int k, SplittableRandom rng) {
        for (int i = 0; i < pool.length; i++) {
            pool[i] = i;
        }
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            int j = rng.nextInt(i, pool.length);
            int tmp = pool[i];
            pool[i] = pool[j];
            pool[j] = tmp;
            out[i] = pool[i];
        }
        return out;
    }

    /** A Gamma(shape) draw for a small integer shape: a sum of exponentials (enough for Dirichlet weights). */
    static double gamma(int shape, SplittableRandom rng) {
        double s = 0;
        for (int i = 0; i < shape; i++) {
            s -= Math.log(1.0 - rng.nextDouble());
        }
        return s;
    }

    static void normalise(float[] w) {
        float sum = 0;
        for (float v : w) {
            sum += v;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
    }

    static void normalise(double[] w) {
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
    }

    /** Sorts the pairs (index, weight) by weight, heaviest first (insertion sort: k <= a handful). */
    static void sortByWeightDescending(int[] index, float[] weight) {
        for (int i = 1; i < index.length; i++) {
            for (int j = i; j > 0 && weight[j] > weight[j - 1]; j--) {
                float w = weight[j];
                weight[j] = weight[j - 1];
                weight[j - 1] = w;
                int g = index[j];
                index[j] = index[j - 1];
                index[j - 1] = g;
            }
        }
    }

    static float[] toFloat(double[] w) {
        float[] f = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            f[i] = (float) w[i];
        }
        return f;
    }
}
