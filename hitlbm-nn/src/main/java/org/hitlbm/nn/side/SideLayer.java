package org.hitlbm.nn.side;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.hitlbm.nn.layers.Layer;

/**
 * The network part of a {@link org.hitlbm.nn.side.SideInput}: maps the raw arrays it packed for a
 * batch to one dense vector per sample. It is a child of the feature layer, so it trains with the
 * backbone, is seeded with it and is saved with its weights (SPEC Eq. 14: fusion and backbone
 * learn jointly).
 */
public abstract class SideLayer extends Layer {
    private final int arrays;
    private final int[] fieldWidths;
    private final int width;

    /**
     * @param arrays how many input arrays {@link #apply} takes
     * @param width  the output width, (B, width): one feature
     */
    protected SideLayer(int arrays, int width) {
        this(arrays, new int[] {width});
    }

    /**
     * @param arrays      how many input arrays {@link #apply} takes
     * @param fieldWidths the output is these features side by side (e_user, e_item: two), each its
     *                    own field for the field-interaction models, so they can interact
     */
    protected SideLayer(int arrays, int[] fieldWidths) {
        int total = 0;
        for (int w : fieldWidths) {
            if (w < 1) {
                throw new IllegalArgumentException("side fields must be >= 1 wide, got " + java.util.Arrays.toString(fieldWidths));
            }
            total += w;
        }
        if (arrays < 1 || fieldWidths.length == 0) {
            throw new IllegalArgumentException("a side layer takes >= 1 arrays and outputs >= 1 values, got " + arrays + ", "
                    + java.util.Arrays.toString(fieldWidths));
        }
        this.arrays = arrays;
        this.fieldWidths = fieldWidths.clone();
        this.width = total;
    }

    public final int arrays() {
        return arrays;
    }

    public final int width() {
        return width;
    }

    /** The widths of the features the output holds side by side, in order; they sum to {@link #width()}. */
    public final int[] fieldWidths() {
        return fieldWidths.clone();
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
