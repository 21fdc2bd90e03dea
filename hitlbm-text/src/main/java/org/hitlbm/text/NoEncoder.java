package org.hitlbm.text;

import java.util.List;

/** The "no encoder" arm of RQ7: every text maps to an empty vector, so the fusion sees no interest text. */
public final class NoEncoder implements TextEncoder {
    public static final String NAME = "none";

    private static final float[] EMPTY = new float[0];

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return 0;
    }

    @Override
    public float[][] encode(List<String> texts) {
        float[][] out = new float[texts.size()][];
        java.util.Arrays.fill(out, EMPTY);
        return out;
    }
}
