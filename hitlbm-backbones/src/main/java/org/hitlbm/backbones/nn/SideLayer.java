package org.hitlbm.backbones.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The network part of a {@link org.hitlbm.backbones.SideInput}: maps the raw arrays it packed for a
 * batch to one dense vector per sample. It is a child of the feature layer, so it trains with the
 * backbone, is seeded with it and is saved with its weights (SPEC Eq. 14: fusion and backbone
 * learn jointly).
 */
public abstract class SideLayer extends Layer {
    private final int arrays;
    private final int width;

    /**
     * @param arrays how many input arrays {@link #apply} takes
     * @param width  the output width, (B, width)
     */
    protected SideLayer(int arrays, int width) {
        if (arrays < 1 || width < 1) {
            throw new IllegalArgumentException("a side layer takes >= 1 arrays and outputs >= 1 values, got " + arrays + ", " + width);
        }
        this.arrays = arrays;
        this.width = width;
    }

    public final int arrays() {
        return arrays;
    }

    public final int width() {
        return width;
    }

    /**
     * @param raw the side input's arrays for one batch, in the order it packed them
     * @return (B, width)
     */
    public abstract NDArray apply(NDList raw);

    /** No weights: the one (B, width) array is the side vector (static features). */
    public static SideLayer identity(int width) {
        return new SideLayer(1, width) {
            @Override
            public NDArray apply(NDList raw) {
                return raw.singletonOrThrow();
            }
        };
    }
}
