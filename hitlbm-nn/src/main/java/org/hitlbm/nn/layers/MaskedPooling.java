package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import org.hitlbm.nn.onnx.OnnxGraph;

/**
 * Means over the real positions of padded sequences (mask: 1 real, 0 padding). A row with no real
 * position divides by 1, so its mean is 0 rather than NaN. Each method is one fixed op sequence:
 * callers that multiply by the mask themselves use {@link #meanOfMasked}, so no site pays (or
 * changes the gradient graph with) a second multiply.
 */
public final class MaskedPooling {
    private MaskedPooling() {
    }

    /** Real positions per row, at least 1: mask (B, T) to (B, 1). */
    public static NDArray count(NDArray mask) {
        return ScalarOperands.atLeast(mask.sum(new int[] {1}, true), 1f);
    }

    /**
     * Mean over the real positions of axis 1: values (B, T, w) to (B, w), or (B, T) to (B, 1).
     *
     * @param mask (B, T)
     */
    public static NDArray mean(NDArray values, NDArray mask) {
        NDArray count = count(mask);
        if (values.getShape().dimension() == mask.getShape().dimension()) {
            return values.mul(mask).sum(new int[] {1}, true).div(count);
        }
        return values.mul(mask.expandDims(2)).sum(new int[] {1}).div(count);
    }

    /** {@link #mean} of (B, T, w) values as ONNX nodes: (B, w). */
    public static String onnxMean(OnnxGraph g, String values, String mask) {
        String count = g.op("Max", g.node("ReduceSum", mask, g.ints(1)).attr("keepdims", 1L).out(), g.scalar(1f));
        String sum = g.node("ReduceSum", g.op("Mul", values, g.unsqueeze(mask, 2)), g.ints(1)).attr("keepdims", 0L).out();
        return g.op("Div", sum, count);
    }

    /** {@link #mean} of values that are already zero at padding: the same result without the multiply. */
    public static NDArray meanOfMasked(NDArray maskedValues, NDArray mask) {
        NDArray count = count(mask);
        if (maskedValues.getShape().dimension() == mask.getShape().dimension()) {
            return maskedValues.sum(new int[] {1}, true).div(count);
        }
        return maskedValues.sum(new int[] {1}).div(count);
    }

    /** Mean of every real entry at once, a scalar: sum(values * mask) / max(sum(mask), 1); same shapes. */
    public static NDArray meanOverAll(NDArray values, NDArray mask) {
        return values.mul(mask).sum().div(ScalarOperands.atLeast(mask.sum(), 1f));
    }
}
