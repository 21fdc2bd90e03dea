package org.hitlbm.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

/** Dice's batch-norm: DJL's momentum convention, and padded rows out of the statistics. */
class DiceTest {

    private static Dice dice(NDManager manager, int units) {
        Dice dice = new Dice(units);
        dice.initialize(manager, DataType.FLOAT32);
        return dice;
    }

    private static float[] runningMean(Dice dice) {
        return dice.getParameters().get("runningMean").getArray().toFloatArray();
    }

    @Test
    void oneBatchOfMeanFiveMovesTheRunningMeanByOneTenth() {
        // DJL keeps MOMENTUM of the old statistic: 0.9 * 0 + 0.1 * 5 = 0.5. Passing torch's 0.1 to DJL
        // (the old code) kept 10% and took 90% of the batch: 4.5, so eval statistics were the last batch's
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Dice dice = dice(manager, 2);
            dice.bind(new ParameterStore(manager, false), true);
            dice.apply(manager.create(new float[] {4, 6, 5, 5, 6, 4}, new Shape(3, 2)));
            assertArrayEquals(new float[] {0.5f, 0.5f}, runningMean(dice), 1e-6f);
        }
    }

    @Test
    void paddedRowsStayOutOfTheStatistics() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Dice dice = dice(manager, 1);
            dice.bind(new ParameterStore(manager, false), true);
            // (B = 2, k = 3, units = 1): real values 1, 3 (mean 2) among padding of 100
            NDArray x = manager.create(new float[] {100, 1, 3, 100, 100, 100}, new Shape(2, 3, 1));
            NDArray mask = manager.create(new float[] {0, 1, 1, 0, 0, 0}, new Shape(2, 3));
            dice.apply(x, mask);
            assertEquals(0.2f, runningMean(dice)[0], 1e-6f);
            float runningVar = dice.getParameters().get("runningVar").getArray().toFloatArray()[0];
            assertEquals(0.9f * 1 + 0.1f * 2, runningVar, 1e-5f, "unbiased variance of {1, 3} is 2");
            // a batch with no real row leaves them alone
            dice.apply(manager.create(new float[] {7, 7}, new Shape(1, 2, 1)), manager.zeros(new Shape(1, 2)));
            assertEquals(0.2f, runningMean(dice)[0], 1e-6f);
        }
    }

    @Test
    void maskedAndFusedNormsAgreeWhenEveryRowIsReal() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray x = manager.randomNormal(new Shape(4, 5, 3)).mul(3).add(1);
            Dice fused = dice(manager, 3);
            Dice masked = dice(manager, 3);
            masked.setInitializer(new ai.djl.training.initializer.ConstantInitializer(0.25f), ai.djl.nn.Parameter.Type.WEIGHT);
            fused.setInitializer(new ai.djl.training.initializer.ConstantInitializer(0.25f), ai.djl.nn.Parameter.Type.WEIGHT);
            fused.initialize(manager, DataType.FLOAT32);
            masked.initialize(manager, DataType.FLOAT32);
            ParameterStore store = new ParameterStore(manager, false);
            fused.bind(store, true);
            masked.bind(store, true);
            NDArray a = fused.apply(x);
            NDArray b = masked.apply(x, manager.ones(new Shape(4, 5)));
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 1e-4f);
            assertArrayEquals(runningMean(fused), runningMean(masked), 1e-5f);
            assertArrayEquals(fused.getParameters().get("runningVar").getArray().toFloatArray(),
                    masked.getParameters().get("runningVar").getArray().toFloatArray(), 1e-4f);
            // evaluation reads the running statistics only: a row's output ignores its batch-mates
            fused.bind(store, false);
            NDArray alone = fused.apply(x.get("0:1"));
            NDArray inBatch = fused.apply(x).get("0:1");
            assertArrayEquals(alone.toFloatArray(), inBatch.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aTrainingBatchOfOneRowTrainsAndKeepsTheStatisticsFinite() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Dice dice = new Dice(3);
            dice.initialize(manager, DataType.FLOAT32);
            dice.bind(new ParameterStore(manager, false), true);
            NDArray out = dice.apply(manager.create(new float[] {1f, -2f, 3f}, new Shape(1, 3)));
            assertEquals(new Shape(1, 3), out.getShape());
            for (Pair<String, Parameter> p : dice.getParameters()) {
                for (float v : p.getValue().getArray().toFloatArray()) {
                    assertTrue(Float.isFinite(v), p.getKey() + " " + v);
                }
            }
        }
    }
}
