package org.hitlbm.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class BlocksGraphInteractionTest {

    /** Zero attention weights: every edge scores the same, so each node hears the others equally. */
    @Test
    void uniformScoresSpreadEachNodeOverTheOthers() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            GraphInteraction graph = BlocksTesting.ready(new GraphInteraction(3, 2, 1), manager);
            BlocksTesting.set(graph, "receiverAttention_weight", 0, 0);
            BlocksTesting.set(graph, "senderAttention_weight", 0, 0);
            NDArray fields = manager.randomNormal(new Shape(2, 3, 2));
            float[] edges = graph.edgeWeights(fields).toFloatArray();
            float[] expected = new float[18];
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        expected[b * 9 + i * 3 + j] = i == j ? 0f : 0.5f;
                    }
                }
            }
            assertArrayEquals(expected, edges, 1e-6f);
            assertEquals(new Shape(2, 3, 2), graph.apply(fields).getShape());
        }
        assertThrows(IllegalArgumentException.class, () -> new GraphInteraction(3, 2, 0));
    }

    /** score(h) = h (one linear layer, w 1, b 0), weight(h) = sigmoid(0) = 0.5: half the sum of the nodes. */
    @Test
    void scoringIsTheWeightedSumOfNodeScores() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            AttentionalScoring scoring = BlocksTesting.ready(new AttentionalScoring(1, new int[0], 0f), manager);
            BlocksTesting.zero(scoring);
            assertEquals(1, BlocksTesting.set(scoring, "output_weight", 1));
            NDArray nodes = manager.create(new float[] {1, 2, 3, -4, 0, 2}, new Shape(2, 3, 1));
            NDArray logit = scoring.apply(nodes);
            assertEquals(new Shape(2, 1), logit.getShape());
            assertArrayEquals(new float[] {3, -1}, logit.toFloatArray(), 1e-6f);
        }
    }
}
