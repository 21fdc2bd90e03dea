package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import org.hitlbm.nn.onnx.OnnxGraph;

/** y = x W^T + b over the last axis. */
public final class Dense extends Layer {
    private final Parameter w;
    private final Parameter b;
    private final int in;
    private final int out;

    public Dense(int in, int out, boolean withBias) {
        this.in = in;
        this.out = out;
        w = weight("weight", new Shape(out, in));
        b = withBias ? bias("bias", new Shape(out)) : null;
    }

    public Dense(int in, int out) {
        this(in, out, true);
    }

    public NDArray apply(NDArray x) {
        return b == null ? Linear.linear(x, value(w)).singletonOrThrow() : Linear.linear(x, value(w), value(b)).singletonOrThrow();
    }

    /** The weight (out, in) as bound for the current pass, for callers that split the product (see {@link TargetAttention}). */
    public NDArray weight() {
        return value(w);
    }

    /** The bias (out) as bound for the current pass, or null without one. */
    public NDArray bias() {
        return b == null ? null : value(b);
    }

    /** {@link #apply} as ONNX nodes: MatMul by the stored weight transposed, then the bias. */
    public String onnx(OnnxGraph g, String x) {
        float[] weight = w.getArray().toFloatArray(); // (out, in), row-major
        float[] transposed = new float[weight.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                transposed[i * out + o] = weight[o * in + i];
            }
        }
        String y = g.op("MatMul", x, g.weights("weight", transposed, in, out));
        return b == null ? y : g.op("Add", y, g.weights("bias", b.getArray().toFloatArray(), out));
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }
}
