package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.hitlbm.nn.onnx.OnnxGraph;

/** Layer normalisation over the last axis with a learned scale (init 1) and shift (init 0). */
public final class LayerNorm extends Layer {
    private static final float EPS = 1e-5f;

    private final Shape shape;
    private final Parameter gamma;
    private final Parameter beta;

    public LayerNorm(int dim) {
        shape = new Shape(dim);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optShape(shape).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).optShape(shape).build());
    }

    public NDArray apply(NDArray x) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, shape, value(gamma), value(beta), EPS).singletonOrThrow();
    }

    /** {@link #apply} as ONNX's LayerNormalization over the last axis. */
    public String onnx(OnnxGraph g, String x) {
        long dim = shape.get(0);
        return g.node("LayerNormalization", x, g.weights("gamma", gamma.getArray().toFloatArray(), dim),
                g.weights("beta", beta.getArray().toFloatArray(), dim)).attr("axis", -1L).attr("epsilon", EPS).out();
    }
}
