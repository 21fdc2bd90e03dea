package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * AutoInt's interacting layer (Song et al., CIKM'19): every field attends over all fields
 * ({@link MultiHeadAttention} without biases or output projection), then
 * ReLU(attended + W_res x), with an identity shortcut when the widths already agree:
 * (B, F, in) to (B, F, heads * headDim).
 */
public final class InteractingLayer extends Layer {
    private final MultiHeadAttention attention;
    private final Dense residual;

    public InteractingLayer(int in, int heads, int headDim) {
        attention = child("attention", new MultiHeadAttention(in, heads, headDim, false, false, 0f));
        int out = heads * headDim;
        // the paper's W_res
        residual = in == out ? null : child("residual", new Dense(in, out, false));
    }

    public int width() {
        return attention.width();
    }

    public NDArray apply(NDArray x) {
        NDArray attended = attention.apply(x, x, null);
        NDArray shortcut = residual == null ? x : residual.apply(x);
        return Activation.relu(attended.add(shortcut));
    }
}
