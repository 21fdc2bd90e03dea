package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * FiBiNET's SENET over fields (Huang et al., RecSys'19): squeeze each field to its mean, excite
 * through two bias-free ReLU layers (the paper's A = ReLU(W2 ReLU(W1 Z))) and scale every field by
 * its weight: (B, F, d) to (B, F, d).
 */
public final class SqueezeExcitation extends Layer {
    private final Dense reduce;
    private final Dense restore;

    /** @param reduced the bottleneck width */
    public SqueezeExcitation(int fields, int reduced) {
        reduce = child("reduce", new Dense(fields, reduced, false));
        restore = child("restore", new Dense(reduced, fields, false));
    }

    /** The per-field weights: (B, F). */
    public NDArray weights(NDArray fields) {
        NDArray squeezed = fields.mean(new int[] {2});
        return Activation.relu(restore.apply(Activation.relu(reduce.apply(squeezed))));
    }

    public NDArray apply(NDArray fields) {
        return fields.mul(weights(fields).expandDims(2));
    }

    /** W1: fields to the bottleneck. */
    public Dense reduce() {
        return reduce;
    }

    /** W2: the bottleneck back to one weight per field. */
    public Dense restore() {
        return restore;
    }
}
