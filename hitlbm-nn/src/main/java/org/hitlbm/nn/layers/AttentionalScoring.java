package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * FiGNN's attentional scoring of nodes: logit = sum_i weight(h_i) * score(h_i). The weight is per
 * node as in the paper, squashed by a sigmoid as in FuxiCTR (which computes all F weights from the
 * flattened nodes instead); the score is an MLP with one output.
 */
public final class AttentionalScoring extends Layer {
    private final Mlp score;
    private final Dense weight;

    /** @param scoreUnits hidden widths of the score MLP (none: one linear layer) */
    public AttentionalScoring(int d, int[] scoreUnits, float dropout) {
        score = child("score", new Mlp(d, scoreUnits, Mlp.Act.RELU, dropout, 1));
        weight = child("weight", new Dense(d, 1, false));
    }

    /** @param nodes (B, F, d) → (B, 1) */
    public NDArray apply(NDArray nodes) {
        NDArray scores = score.apply(nodes);
        NDArray weights = Activation.sigmoid(weight.apply(nodes));
        return scores.mul(weights).sum(new int[] {1});
    }
}
