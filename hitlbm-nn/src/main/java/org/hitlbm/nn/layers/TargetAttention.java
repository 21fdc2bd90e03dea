package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/** DIN's activation unit, shared by DIN and DIEN's attention over interest states. */
public final class TargetAttention {
    private TargetAttention() {
    }

    /**
     * Attention weights of each key for the query, padded keys zeroed.
     *
     * @param query (B, d)
     * @param keys  (B, k, d)
     * @param mask  (B, k)
     * @return (B, k)
     */
    public static NDArray weights(Mlp unit, NDArray query, NDArray keys, NDArray mask, boolean softmax) {
        long k = keys.getShape().get(1);
        NDArray q = query.expandDims(1).repeat(1, k);
        NDArray features = NDArrays.concat(new NDList(q, keys, q.sub(keys), q.mul(keys)), -1);
        NDArray scores = unit.apply(features, mask).squeeze(-1); // padded keys stay out of Dice's statistics
        if (softmax) {
            // padded positions get -inf-like scores, then a softmax over the real ones
            NDArray masked = scores.add(ScalarOperands.times(mask.sub(1f), 1e9f));
            return masked.softmax(1).mul(mask);
        }
        return scores.mul(mask);
    }

    /** Weighted sum of the keys: (B, d). */
    public static NDArray pool(Mlp unit, NDArray query, NDArray keys, NDArray mask, boolean softmax) {
        NDArray w = weights(unit, query, keys, mask, softmax);
        return keys.mul(w.expandDims(2)).sum(new int[] {1});
    }
}
