package org.hitlbm.backbones;

/**
 * Dense features beside the ID embeddings, one vector of {@code width} per CTR sample (indexed by
 * sample row, not by position in a split): the fusion's e_user and e_item (SPEC, Eq. 14). Every
 * backbone consumes them without knowing where they came from.
 *
 * @param values row-major, {@code samples.size * width}
 */
public record SideFeatures(int width, float[] values) {
    public SideFeatures {
        if (width < 1 || values.length % width != 0) {
            throw new IllegalArgumentException("side features: width " + width + " does not divide " + values.length + " values");
        }
    }

    public int rows() {
        return values.length / width;
    }
}
