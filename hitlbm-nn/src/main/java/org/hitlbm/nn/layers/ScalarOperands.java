package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic with a constant, safe under autograd. DJL 0.36's PyTorch engine turns a Java number
 * operand ({@code x.div(8f)}) into a tensor over a direct buffer without copying and closes it
 * right after the op; mul, div, maximum, minimum and pow keep that tensor for the backward pass,
 * so a garbage collection between forward and backward frees it and backward reads whatever
 * memory is there (NaN losses at random, or silently wrong gradients). Here the constant is an
 * array of the operand's manager, alive until that manager (the batch's) closes.
 * {@code GradientUnderGcTest} forces the collection; {@code NumberOperandsTest} keeps number
 * operands of those ops out of the code base.
 */
public final class ScalarOperands {
    private ScalarOperands() {
    }

    /** {@code value} as a scalar array of {@code like}'s manager and data type. */
    public static NDArray constant(NDArray like, float value) {
        return like.getManager().create(value).toType(like.getDataType(), false);
    }

    public static NDArray times(NDArray x, float factor) {
        return x.mul(constant(x, factor));
    }

    public static NDArray dividedBy(NDArray x, float divisor) {
        return x.div(constant(x, divisor));
    }

    /** max(x, floor) element-wise. */
    public static NDArray atLeast(NDArray x, float floor) {
        return x.maximum(constant(x, floor));
    }
}
