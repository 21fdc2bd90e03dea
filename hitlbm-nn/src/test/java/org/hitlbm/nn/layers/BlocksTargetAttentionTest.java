package org.hitlbm.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.junit.jupiter.api.Test;

/**
 * DIN's activation unit computes its first layer in parts and Dice as one gate: both must be the
 * functions the paper writes, the concatenated [q, k, q-k, q*k] input and p*x + (1-p)*alpha*x.
 */
class BlocksTargetAttentionTest {

    @Test
    void theSplitFirstLayerEqualsTheLayerOnTheConcatenatedInput() {
        Engine.getEngine("PyTorch").setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            int d = 6;
            Dense dense = BlocksTesting.ready(new Dense(4 * d, 5), manager);
            BlocksTesting.set(dense, "bias", 0.3f, -0.2f, 0.1f, 0f, 0.5f);
            NDArray query = manager.randomNormal(new Shape(3, d));
            NDArray keys = manager.randomNormal(new Shape(3, 4, d));
            NDArray q = query.expandDims(1).repeat(1, 4);
            NDArray concatenated = dense.apply(NDArrays.concat(new NDList(q, keys, q.sub(keys), q.mul(keys)), -1));
            NDArray split = TargetAttention.firstLayer(dense, query, keys);
            assertEquals(concatenated.getShape(), split.getShape());
            assertArrayEquals(concatenated.toFloatArray(), split.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void attentionWeightsAreTheUnitOnTheConcatenatedInputTimesTheMask() {
        Engine.getEngine("PyTorch").setRandomSeed(6);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            int d = 4;
            Mlp unit = BlocksTesting.ready(new Mlp(4 * d, new int[] {3}, Mlp.Act.RELU, 0f, 1), manager);
            NDArray query = manager.randomNormal(new Shape(2, d));
            NDArray keys = manager.randomNormal(new Shape(2, 3, d));
            NDArray mask = manager.create(new float[] {1, 1, 0, 1, 0, 0}, new Shape(2, 3));
            NDArray q = query.expandDims(1).repeat(1, 3);
            NDArray expected = unit.apply(NDArrays.concat(new NDList(q, keys, q.sub(keys), q.mul(keys)), -1)).squeeze(-1).mul(mask);
            assertArrayEquals(expected.toFloatArray(), TargetAttention.weights(unit, query, keys, mask, false).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void diceIsTheGatedMixOfTheInputAndItsAlphaScaledCopy() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Dice dice = BlocksTesting.ready(new Dice(2), manager);
            BlocksTesting.set(dice, "alpha", 0.25f, -0.5f);
            NDArray x = manager.create(new float[] {1, -2, 3, 0.5f, -1, 4}, new Shape(3, 2));
            // evaluation with the initial running statistics (mean 0, variance 1): p = sigmoid(x / sqrt(1 + eps))
            NDArray p = Activation.sigmoid(x.div(Math.sqrt(1 + Dice.EPSILON)));
            NDArray alpha = manager.create(new float[] {0.25f, -0.5f});
            NDArray expected = p.mul(x).add(p.neg().add(1f).mul(alpha).mul(x));
            assertArrayEquals(expected.toFloatArray(), dice.apply(x).toFloatArray(), 1e-6f);
        }
    }
}
