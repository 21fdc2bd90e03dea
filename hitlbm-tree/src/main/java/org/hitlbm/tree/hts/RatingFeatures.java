package org.hitlbm.tree.hts;

import java.util.List;

/** The inputs of the rating models (SPEC Eq. 6): PRM sees Enc(Inst_t); SRM sees [mean Enc(Inst_{t-K..t-1}), Enc(Inst_t)]. */
public final class RatingFeatures {
    private RatingFeatures() {
    }

    public static float[] prm(float[] current) {
        return current.clone();
    }

    public static float[] srm(List<float[]> previous, float[] current) {
        int d = current.length;
        float[] x = new float[2 * d];
        for (float[] p : previous) {
            for (int i = 0; i < d; i++) {
                x[i] += p[i] / previous.size();
            }
        }
        System.arraycopy(current, 0, x, d, d);
        return x;
    }
}
