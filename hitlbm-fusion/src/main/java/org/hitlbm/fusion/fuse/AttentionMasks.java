package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.hitlbm.nn.layers.ScalarOperands;

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
        float[] future = new float[t * t];
        for (int j = 0; j < t; j++) {
            for (int i = j + 1; i < t; i++) {
                future[j * t + i] = BLOCKED;
            }
        }
        return padding(mask).add(mask.getManager().create(future, new Shape(1, 1, t, t)));
    }
}
