package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.core.Linear;

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
        NDArray scores = unit.continueFrom(firstLayer(unit.firstLayer(), query, keys), mask).squeeze(-1); // padded keys stay out of Dice's statistics
        if (softmax) {
            // padded positions get -inf-like scores, then a softmax over the real ones
            NDArray masked = scores.add(ScalarOperands.times(mask.sub(1f), 1e9f));
            return masked.softmax(1).mul(mask);
        }
        return scores.mul(mask);
    }

    /**
     * The unit's first layer on [q, k, q-k, q*k] without building that (B, k, 4d) input: with W
     * split by columns into Wq, Wk, Wd, Wp, it is (Wq + Wd) q + (Wk - Wd) k + Wp (q*k) + b, the
     * query's part computed once per row rather than once per key. The same function and
     * parameters as the concatenated form, in about half the multiply-adds.
     *
     * @return (B, k, units)
     */
    static NDArray firstLayer(Dense dense, NDArray query, NDArray keys) {
        NDList w = Layer.onBatchOf(query, dense.weight().split(4, 1)); // (units, d) each; sums of these follow
        NDArray q = query.expandDims(1); // (B, 1, d)
        NDArray queryWeight = w.get(0).add(w.get(2));
        NDArray fromQuery = (dense.bias() == null ? Linear.linear(q, queryWeight) : Linear.linear(q, queryWeight, dense.bias()))
                .singletonOrThrow(); // the bias rides on the small (B, 1, units) part
        NDArray fromKeys = Linear.linear(keys, w.get(1).sub(w.get(2))).singletonOrThrow()
                .add(Linear.linear(keys.mul(q), w.get(3)).singletonOrThrow());
        return fromKeys.add(fromQuery);
    }

    /** Weighted sum of the keys: (B, d). */
    public static NDArray pool(Mlp unit, NDArray query, NDArray keys, NDArray mask, boolean softmax) {
        NDArray w = weights(unit, query, keys, mask, softmax);
        return keys.mul(w.expandDims(2)).sum(new int[] {1});
    }
}
