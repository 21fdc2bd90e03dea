package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.ConstantInitializer;

/**
 * DIN's data-adaptive activation: p = sigmoid(BN(x)), y = p*x + (1-p)*alpha*x. The batch-norm
 * keeps running statistics (no affine part), so evaluation does not depend on batch make-up.
 *
 * <p>Running statistics follow DJL's convention: after a training batch,
 * {@code running = MOMENTUM * running + (1 - MOMENTUM) * batch}. DJL hands torch {@code 1 - momentum},
 * so 0.9 here is torch's (and FuxiCTR's) 0.1; passing torch's 0.1 to DJL would make the eval
 * statistics 90% the last training batch. With a mask (padded behaviors in an attention unit)
 * only the real rows enter the batch statistics.
 */
public final class Dice extends Layer {
    /** DJL's momentum: the share of the old running statistic kept after each batch. */
    public static final float MOMENTUM = 0.9f;
    static final float EPSILON = 1e-8f;

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
        return apply(x, null);
    }

    /**
     * @param x    (..., units)
     * @param mask null, or x's shape without the last axis: 1 for rows that count in the batch
     *             statistics, 0 for padding (whose outputs are computed but carry no information)
     */
    public NDArray apply(NDArray x, NDArray mask) {
        Shape shape = x.getShape();
        NDArray flat = x.reshape(-1, shape.get(shape.dimension() - 1));
        if (mask == null && training && flat.getShape().get(0) < 2) {
            // the engine refuses batch statistics of one row (a last batch of one sample)
            mask = flat.getManager().ones(new Shape(flat.getShape().get(0)));
        }
        NDArray normed = mask == null ? fused(flat) : masked(flat, mask.reshape(-1, 1));
        NDArray p = normed.getNDArrayInternal().sigmoid();
        NDArray a = value(alpha);
        // p*x + (1-p)*alpha*x as x * (alpha + (1-alpha)*p): three full-size ops rather than six
        NDArray gate = p.mul(onBatchOf(flat, a.neg()).add(1f)).add(a);
        return flat.mul(gate).reshape(shape);
    }

    /** The engine's batch-norm: every row counts. */
    private NDArray fused(NDArray flat) {
        return BatchNorm.batchNorm(flat, value(runningMean), value(runningVar), value(gamma), value(beta), 1, MOMENTUM, EPSILON,
                training).singletonOrThrow();
    }

    /** The same statistics over the rows the mask keeps; running statistics updated as the engine does (unbiased variance). */
    private NDArray masked(NDArray flat, NDArray mask) {
        NDArray mean = value(runningMean);
        NDArray var = value(runningVar);
        if (!training) {
            return flat.sub(mean).div(onBatchOf(flat, var.add(EPSILON)).sqrt());
        }
        NDArray count = mask.sum();
        NDArray safeCount = ScalarOperands.atLeast(count, 1f);
        // masked sums over the rows as (1, N) x (N, units) products: one op (and one backward) each
        // where multiplying by the mask and summing took two full-size ops
        NDArray maskRow = mask.reshape(1, -1);
        NDArray batchMean = maskRow.matMul(flat).reshape(-1).div(safeCount);
        NDArray centred = flat.sub(batchMean);
        NDArray batchVar = maskRow.matMul(centred.square()).reshape(-1).div(safeCount);
        // a batch with no real row leaves the running statistics alone; array ops only, no host sync
        NDArray step = ScalarOperands.times(count.gt(0f).toType(mean.getDataType(), false), 1 - MOMENTUM);
        NDArray unbiased = batchVar.stopGradient().mul(count.div(ScalarOperands.atLeast(count.sub(1f), 1f)));
        mean.muli(step.neg().add(1f)).addi(batchMean.stopGradient().mul(step));
        var.muli(step.neg().add(1f)).addi(unbiased.mul(step));
        return centred.div(batchVar.add(EPSILON).sqrt());
    }
}
