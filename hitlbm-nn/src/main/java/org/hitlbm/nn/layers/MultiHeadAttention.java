package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import org.hitlbm.nn.onnx.OnnxGraph;

/**
 * Scaled dot-product attention per head, softmax(Q K^T / sqrt(d_head) + mask) V, heads
 * concatenated, then optionally an output projection. Two configurations are in use: the
 * transformer's ({@link #MultiHeadAttention(int, int, float)}: biased projections of width d, an
 * output projection; SPEC Eq. 12, 13, the fusions' decoder) and AutoInt's (no biases, any
 * input width, no output projection; {@link InteractingLayer} adds the residual). Queries and
 * memory may differ (cross-attention); one query row broadcast against a mask of T rows gives T
 * outputs, one per position of the mask.
 */
public final class MultiHeadAttention extends Layer {
    private final Dense query;
    private final Dense key;
    private final Dense value;
    private final Dense output;
    private final int heads;
    private final int headDim;
    private final float dropout;

    /** The transformer's: d-wide biased projections, d / heads per head, an output projection. */
    public MultiHeadAttention(int dim, int heads, float dropout) {
        this(dim, heads, headDim(dim, heads), true, true, dropout);
    }

    /**
     * @param in               width of the queries and of the memory
     * @param projectionBias   biases in the query, key, value (and output) projections
     * @param outputProjection a final heads*headDim square projection of the concatenated heads
     * @param dropout          on the attention weights while training
     */
    public MultiHeadAttention(int in, int heads, int headDim, boolean projectionBias, boolean outputProjection, float dropout) {
        this.heads = heads;
        this.headDim = headDim;
        this.dropout = dropout;
        int out = heads * headDim;
        query = child("query", new Dense(in, out, projectionBias));
        key = child("key", new Dense(in, out, projectionBias));
        value = child("value", new Dense(in, out, projectionBias));
        output = outputProjection ? child("output", new Dense(out, out, projectionBias)) : null;
    }

    private static int headDim(int dim, int heads) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException(heads + " heads do not divide the vector width " + dim);
        }
        return dim / heads;
    }

    /** Width of the output: heads * headDim. */
    public int width() {
        return heads * headDim;
    }

    /**
     * @param queries (B, Tq, in)
     * @param memory  (B, Tk, in): keys and values
     * @param mask    additive, (B or 1, 1, T or 1, Tk), or null for none
     * @return (B, max(Tq, T), heads * headDim)
     */
    public NDArray apply(NDArray queries, NDArray memory, NDArray mask) {
        NDArray q = splitHeads(query.apply(queries));
        NDArray k = splitHeads(key.apply(memory));
        NDArray v = splitHeads(value.apply(memory));
        NDArray scores = ScalarOperands.dividedBy(q.matMul(k.transpose(0, 1, 3, 2)), (float) Math.sqrt(headDim));
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray weights = scores.softmax(-1);
        if (dropout > 0) {
            weights = Dropout.dropout(weights, dropout, training).singletonOrThrow();
        }
        NDArray attended = weights.matMul(v);
        Shape s = attended.getShape();
        NDArray concatenated = attended.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), (long) heads * headDim);
        return output == null ? concatenated : output.apply(concatenated);
    }

    /** {@link #apply} at inference (no dropout) as ONNX nodes; {@code mask} may be null. */
    public String onnx(OnnxGraph g, String queries, String memory, String mask) {
        String q = onnxSplitHeads(g, query.onnx(g, queries));
        String k = onnxSplitHeads(g, key.onnx(g, memory));
        String v = onnxSplitHeads(g, value.onnx(g, memory));
        String kT = g.node("Transpose", k).attr("perm", new long[] {0, 1, 3, 2}).out();
        String scores = g.op("Div", g.op("MatMul", q, kT), g.scalar((float) Math.sqrt(headDim)));
        if (mask != null) {
            scores = g.op("Add", scores, mask);
        }
        String weights = g.node("Softmax", scores).attr("axis", -1L).out();
        String attended = g.node("Transpose", g.op("MatMul", weights, v)).attr("perm", new long[] {0, 2, 1, 3}).out();
        String concatenated = g.op("Reshape", attended, g.ints(0, 0, (long) heads * headDim)); // 0: keep B and T
        return output == null ? concatenated : output.onnx(g, concatenated);
    }

    private String onnxSplitHeads(OnnxGraph g, String x) {
        return g.node("Transpose", g.op("Reshape", x, g.ints(0, 0, heads, headDim))).attr("perm", new long[] {0, 2, 1, 3}).out();
    }

    /** (B, T, H*A) to (B, H, T, A), so the heads attend independently in one batched matmul. */
    private NDArray splitHeads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, headDim).transpose(0, 2, 1, 3);
    }
}
