package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * DCN-V2's cross network (Wang et al., WWW'21): a stack of full-rank cross layers
 * x_{l+1} = x0 * (W_l x_l + b_l) + x_l, each raising the degree of the explicit feature crosses by
 * one; zero layers is the identity.
 */
public final class CrossNetwork extends Layer {
    private final List<Dense> layers = new ArrayList<>();

    public CrossNetwork(int width, int numLayers) {
        if (numLayers < 0) {
            throw new IllegalArgumentException("crossLayers must be >= 0: " + numLayers);
        }
        for (int i = 0; i < numLayers; i++) {
            layers.add(child("cross" + i, new Dense(width, width)));
        }
    }

    /** (B, w) to (B, w). */
    public NDArray apply(NDArray x0) {
        NDArray x = x0;
        for (Dense layer : layers) {
            x = x0.mul(layer.apply(x)).add(x);
        }
        return x;
    }
}
