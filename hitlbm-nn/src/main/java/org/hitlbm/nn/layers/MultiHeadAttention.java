package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;

/**
 * softmax(Q K^T / sqrt(d_head) + mask) V per head, then an output projection (SPEC Eq. 12, 13).
 * Queries and memory may differ (cross-attention); one query row broadcast against a mask of T
 * rows gives T outputs, one per position of the mask.
 */
public final class MultiHeadAttention extends Layer {
    private final Dense query;
    private final Dense key;
    private final Dense value;
    private final Dense output;
    private final int heads;
    private final int headDim;
    private final float dropout;

    public MultiHeadAttention(int dim, int heads, float dropout) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException(heads + " heads do not divide the vector width " + dim);
        }
        this.heads = heads;
        this.headDim = dim / heads;
        this.dropout = dropout;
        query = child("query", new Dense(dim, dim));
        key = child("key", new Dense(dim, dim));
        value = child("value", new Dense(dim, dim));
        output = child("output", new Dense(dim, dim));
    }

    /**
     * @param queries (B, Tq, d)
     * @param memory  (B, Tk, d): keys and values
     * @param mask    additive, (B or 1, 1, T or 1, Tk), or null for none
     * @return (B, max(Tq, T), d)
     */
    public NDArray apply(NDArray queries, NDArray memory, NDArray mask) {
        NDArray q = splitHeads(query.apply(queries));
        NDArray k = splitHeads(key.apply(memory));
        NDArray v = splitHeads(value.apply(memory));
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(headDim));
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray weights = scores.softmax(-1);
        if (dropout > 0) {
            weights = Dropout.dropout(weights, dropout, training).singletonOrThrow();
        }
        NDArray attended = weights.matMul(v);
        Shape s = attended.getShape();
        return output.apply(attended.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), (long) heads * headDim));
    }

    /** (B, T, H*A) to (B, H, T, A), so the heads attend independently in one batched matmul. */
    private NDArray splitHeads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, headDim).transpose(0, 2, 1, 3);
    }
}
