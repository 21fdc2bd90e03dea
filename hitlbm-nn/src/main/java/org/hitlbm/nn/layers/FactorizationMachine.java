package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;

/** The factorization machine's second-order term over field embeddings. */
public final class FactorizationMachine {
    private FactorizationMachine() {
    }

    /**
     * Sum over i &lt; j of &lt;v_i, v_j&gt;, computed in O(F d) as 0.5 * ((sum_i v_i)^2 - sum_i v_i^2)
     * summed over the embedding dimensions.
     *
     * @param fields (B, F, d)
     * @return (B, 1)
     */
    public static NDArray pairwiseInteractions(NDArray fields) {
        NDArray squareOfSum = fields.sum(new int[] {1}).square();
        NDArray sumOfSquares = fields.square().sum(new int[] {1});
        return ScalarOperands.times(squareOfSum.sub(sumOfSquares).sum(new int[] {1}, true), 0.5f);
    }
}
