package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;

/**
 * FiBiNET's bilinear interaction of every field pair i &lt; j, p_ij = (v_i W) * v_j in place of the
 * inner or Hadamard product: (B, F, d) to (B, F(F-1)/2, d), pairs in the order (0,1), (0,2), ...,
 * (F-2, F-1).
 */
public final class BilinearInteraction extends Layer {
    /** Which pairs share a bilinear matrix. */
    public enum Type {
        /** one W for all pairs (the paper's default) */
        FIELD_ALL,
        /** one W per left field i */
        FIELD_EACH,
        /** one W per pair (i, j) */
        FIELD_INTERACTION;

        /** Case-insensitive: field_all, field_each or field_interaction. */
        public static Type parse(String text) {
            for (Type t : values()) {
                if (t.name().equalsIgnoreCase(text.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("bilinearType must be field_all, field_each or field_interaction: '" + text + "'");
        }
    }

    private final Type type;
    private final Parameter w;
    private final int fields;

    public BilinearInteraction(int fields, int dim, Type type) {
        this.type = type;
        this.fields = fields;
        Shape shape = switch (type) {
            case FIELD_ALL -> new Shape(dim, dim);
            case FIELD_EACH -> new Shape(fields, dim, dim);
            case FIELD_INTERACTION -> new Shape(pairs(fields), dim, dim);
        };
        // Xavier-uniform for each d x d matrix: DJL's Xavier would count the stacking axis as fan
        // and shrink the per-field and per-pair matrices
        w = addParameter(Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(new UniformInitializer((float) Math.sqrt(3.0 / dim))).build());
    }

    /** Number of field pairs i &lt; j: the output's second axis. */
    public static int pairs(int fields) {
        return fields * (fields - 1) / 2;
    }

    public NDArray apply(NDArray v) {
        NDArray right = pairSide(v, false);
        NDArray left = switch (type) {
            // project every field once, then pair the projections: v_i W (shared or per i)
            case FIELD_ALL -> pairSide(v.matMul(value(w)), true);
            case FIELD_EACH -> pairSide(v.expandDims(2).matMul(value(w)).squeeze(2), true);
            // pairs are laid out in the same (i, j) order as the rows of W
            case FIELD_INTERACTION -> pairSide(v, true).expandDims(2).matMul(value(w)).squeeze(2);
        };
        return left.mul(right);
    }

    /** The bilinear weights: (d, d), (F, d, d) or (pairs, d, d) by {@link Type}. */
    public Parameter weight() {
        return w;
    }

    /**
     * For pairs (0,1), (0,2), ..., (F-2,F-1): the left members if {@code left}, else the right, as
     * one product with a 0/1 selection matrix (pairs, F): exact (one term per sum), and two ops
     * forward and one backward where slicing and repeating field by field took 2(F-1)+1.
     */
    private NDArray pairSide(NDArray v, boolean left) {
        float[] select = new float[pairs(fields) * fields];
        int pair = 0;
        for (int i = 0; i < fields - 1; i++) {
            for (int j = i + 1; j < fields; j++) {
                select[pair * fields + (left ? i : j)] = 1f;
                pair++;
            }
        }
        return v.getManager().create(select, new Shape(pairs(fields), fields)).matMul(v);
    }
}
