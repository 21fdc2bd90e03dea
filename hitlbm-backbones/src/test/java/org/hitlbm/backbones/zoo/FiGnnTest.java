package org.hitlbm.backbones.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.hitlbm.nn.layers.GraphInteraction;
import org.junit.jupiter.api.Test;

class FiGnnTest {

    @Test
    void edgeWeightsAreASoftmaxOverTheOtherNodes() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            GraphInteraction graph = new GraphInteraction(5, 8, 2);
            graph.initialize(manager, DataType.FLOAT32);
            graph.bind(new ParameterStore(manager, false), false);
            NDArray fields = manager.randomNormal(new Shape(3, 5, 8));
            NDArray edges = graph.edgeWeights(fields);
            assertEquals(new Shape(3, 5, 5), edges.getShape());
            float[] rowSums = edges.sum(new int[] {2}).toFloatArray();
            float[] ones = new float[rowSums.length];
            Arrays.fill(ones, 1f);
            assertArrayEquals(ones, rowSums, 1e-5f);
            float[] selfLoops = edges.mul(manager.eye(5)).sum(new int[] {1, 2}).toFloatArray();
            assertArrayEquals(new float[3], selfLoops, 0f);
            assertEquals(new Shape(3, 5, 8), graph.apply(fields).getShape());
        }
    }
}
