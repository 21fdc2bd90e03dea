package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;
import org.hitlbm.nn.layers.Layer;
import org.hitlbm.nn.layers.LayerNorm;
import org.hitlbm.nn.layers.Mlp;
import org.hitlbm.nn.layers.MultiHeadAttention;
import org.hitlbm.nn.onnx.OnnxGraph;

/**
 * One pre-LayerNorm transformer layer over the chunk sequence: masked self-attention, then
 * (optionally) cross-attention with the target item, then a ReLU feed-forward; each sub-layer as
 * x + dropout(sublayer(norm(x))).
 */
final class DecoderBlock extends Layer {
    /** How the item vector enters (SPEC Eq. 13). */
    enum Cross {
        /** none: self-attention only (the SA fusion). */
        NONE,
        /**
         * SPEC's reading: the item queries the chunk representations,
         * softmax(e_item W_Q (R W_K)^T / sqrt(d)) R W_V, under the same mask as the self-attention,
         * so position j gets the item-relevant summary of chunks 1..j (the last position: all of them).
         */
        ITEM_QUERIES,
        /**
         * Eq. 13 as printed: each position queries the single item vector, so the softmax is 1 and
         * every position gets e_item W_V W_O; only the residual keeps the chunks.
         */
        ITEM_KEYS
    }

    private final LayerNorm selfNorm;
    private final MultiHeadAttention selfAttention;
    private final Cross cross;
    private final LayerNorm crossNorm;
    private final MultiHeadAttention crossAttention;
    private final LayerNorm feedForwardNorm;
    private final Mlp feedForward;
    private final float dropout;

    DecoderBlock(int dim, int heads, int feedForwardDim, float dropout, Cross cross) {
        this.cross = cross;
        this.dropout = dropout;
        selfNorm = child("selfNorm", new LayerNorm(dim));
        selfAttention = child("selfAttention", new MultiHeadAttention(dim, heads, dropout));
        crossNorm = cross == Cross.NONE ? null : child("crossNorm", new LayerNorm(dim));
        crossAttention = cross == Cross.NONE ? null : child("crossAttention", new MultiHeadAttention(dim, heads, dropout));
        feedForwardNorm = child("feedForwardNorm", new LayerNorm(dim));
        feedForward = child("feedForward", new Mlp(dim, new int[] {feedForwardDim}, Mlp.Act.RELU, dropout, dim));
    }

    /**
     * @param r    (B, T, d) the chunk sequence
     * @param mask additive self-attention mask, (B, 1, T or 1, T)
     * @param item (B, d) the target item's vector (unused without cross-attention)
     * @return (B, T, d)
     */
    NDArray apply(NDArray r, NDArray mask, NDArray item) {
        NDArray x = selfNorm.apply(r);
        r = r.add(drop(selfAttention.apply(x, x, mask)));
        if (cross != Cross.NONE) {
            x = crossNorm.apply(r);
            NDArray target = item.expandDims(1);
            r = r.add(drop(cross == Cross.ITEM_QUERIES ? crossAttention.apply(target, x, mask) : crossAttention.apply(x, target, null)));
        }
        return r.add(drop(feedForward.apply(feedForwardNorm.apply(r))));
    }

    /** {@link #apply} at inference (no dropout) as ONNX nodes. */
    String onnx(OnnxGraph g, String r, String mask, String item) {
        String x = selfNorm.onnx(g, r);
        r = g.op("Add", r, selfAttention.onnx(g, x, x, mask));
        if (cross != Cross.NONE) {
            x = crossNorm.onnx(g, r);
            String target = g.unsqueeze(item, 1);
            r = g.op("Add", r, cross == Cross.ITEM_QUERIES ? crossAttention.onnx(g, target, x, mask) : crossAttention.onnx(g, x, target, null));
        }
        return g.op("Add", r, feedForward.onnx(g, feedForwardNorm.onnx(g, r)));
    }

    private NDArray drop(NDArray x) {
        return dropout > 0 ? Dropout.dropout(x, dropout, training).singletonOrThrow() : x;
    }
}
