package org.hitlbm.backbones.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.ConstantInitializer;

/**
 * DIN's data-adaptive activation: p = sigmoid(BN(x)), y = p*x + (1-p)*alpha*x. The batch-norm
 * keeps running statistics (no affine part), so evaluation does not depend on batch make-up.
 */
public final class Dice extends Layer {
    private final Parameter alpha;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final Parameter gamma;
    private final Parameter beta;

    public Dice(int units) {
        alpha = addParameter(Parameter.builder().setName("alpha").setType(Parameter.Type.WEIGHT).optShape(new Shape(units))
                .optInitializer(new ConstantInitializer(0f)).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optShape(new Shape(units)).optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optShape(new Shape(units)).optRequiresGrad(false).build());
        // fixed scale 1 and shift 0: the engine's batch-norm wants them, Dice wants no affine part
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(units)).optRequiresGrad(false).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optShape(new Shape(units)).optRequiresGrad(false).build());
    }

    /** @param x (..., units); flattened to 2-D for the norm and back */
    public NDArray apply(NDArray x) {
        Shape shape = x.getShape();
        NDArray flat = x.reshape(-1, shape.get(shape.dimension() - 1));
        NDArray normed = BatchNorm.batchNorm(flat, value(runningMean), value(runningVar), value(gamma), value(beta), 1, 0.1f, 1e-8f, training)
                .singletonOrThrow();
        NDArray p = normed.getNDArrayInternal().sigmoid();
        NDArray a = value(alpha);
        NDArray y = p.mul(flat).add(p.neg().add(1).mul(a).mul(flat));
        return y.reshape(shape);
    }
}
