package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.hitlbm.nn.layers.ScalarOperands;
import org.hitlbm.nn.onnx.OnnxGraph;

/**
 * Additive attention masks: 0 where a key is visible, a large negative number where it is not.
 * Not -inf (SPEC reads the paper's "1 in the upper triangle" as blocked): a row whose keys are all
 * blocked (a user with no chunks) then gets finite uniform weights instead of NaN, and its output
 * is dropped by the masked pooling; a blocked key next to a visible one gets weight exactly 0.
 */
final class AttentionMasks {
    static final float BLOCKED = -1e9f;

    private AttentionMasks() {
    }

    /** (B, 1, 1, T): padded chunks are hidden from every position. */
    static NDArray padding(NDArray mask) {
        return ScalarOperands.times(mask.sub(1f), -BLOCKED).expandDims(1).expandDims(1);
    }

    /** (B, 1, T, T): position j sees chunks 1..j, never padding. */
    static NDArray causal(NDArray mask) {
        int t = Math.toIntExact(mask.getShape().get(1));
        return padding(mask).add(mask.getManager().create(future(t), new Shape(1, 1, t, t)));
    }

    /** {@link #padding} as ONNX nodes. */
    static String onnxPadding(OnnxGraph g, String mask) {
        return g.unsqueeze(g.op("Mul", g.op("Sub", mask, g.scalar(1f)), g.scalar(-BLOCKED)), 1, 2);
    }

    /**
     * {@link #causal} as ONNX nodes: BLOCKED strictly above the diagonal of a (T, T) block built
     * for the batch's T (Trilu), so the model holds no table that grows with the longest history.
     */
    static String onnxCausal(OnnxGraph g, String mask) {
        String t = g.dim(mask, 1);
        String blocked = g.node("ConstantOfShape", g.node("Concat", t, t).attr("axis", 0L).out()).attrTensor("value", BLOCKED).out();
        String future = g.node("Trilu", blocked, g.intScalar(1)).attr("upper", 1L).out();
        return g.op("Add", onnxPadding(g, mask), g.unsqueeze(future, 0, 1));
    }

    /** (t, t): BLOCKED above the diagonal. */
    private static float[] future(int t) {
        float[] future = new float[t * t];
        for (int j = 0; j < t; j++) {
            for (int i = j + 1; i < t; i++) {
                future[j * t + i] = BLOCKED;
            }
        }
        return future;
    }
}
