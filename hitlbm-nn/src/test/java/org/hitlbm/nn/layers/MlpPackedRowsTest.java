package org.hitlbm.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Dice MLP trained on padded rows runs only the real ones: the outputs, the running statistics
 * and every gradient must be those of the same layers with Dice's masked statistics, padded rows
 * computed and then thrown away.
 */
class MlpPackedRowsTest {

    @Test
    void packedRowsGiveTheMaskedStatisticsOutputsAndGradients() {
        Engine.getEngine("PyTorch").setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Mlp mlp = BlocksTesting.ready(new Mlp(6, new int[] {5, 3}, Mlp.Act.DICE, 0f, 1), manager);
            Dense d0 = BlocksTesting.ready(new Dense(6, 5), manager);
            Dice c0 = BlocksTesting.ready(new Dice(5), manager);
            Dense d1 = BlocksTesting.ready(new Dense(5, 3), manager);
            Dice c1 = BlocksTesting.ready(new Dice(3), manager);
            Dense out = BlocksTesting.ready(new Dense(3, 1), manager);
            List<Layer> reference = List.of(d0, c0, d1, c1, out);
            List<Parameter> packedParams = parameters(List.of(mlp));
            List<Parameter> referenceParams = parameters(reference);
            assertEquals(packedParams.size(), referenceParams.size());
            for (int i = 0; i < packedParams.size(); i++) {
                NDArray value = packedParams.get(i).getArray();
                if (packedParams.get(i).requiresGradient()) { // non-trivial alpha and biases too; Dice's fixed scale stays 1
                    value.addi(manager.randomNormal(value.getShape()).mul(0.3f));
                }
                referenceParams.get(i).getArray().set(value.toFloatArray());
            }
            NDArray x = manager.randomNormal(new Shape(3, 4, 6));
            NDArray mask = manager.create(new float[] {1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0}, new Shape(3, 4));
            ParameterStore store = new ParameterStore(manager, false);
            for (Layer layer : reference) {
                layer.bind(store, true);
            }
            mlp.bind(store, true);
            NDArray packed;
            NDArray expected;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray weights = manager.randomNormal(new Shape(3, 4, 1)); // a loss that weighs every output
                packed = mlp.continueFrom(mlp.firstLayer().apply(x), mask);
                NDArray h = c0.apply(d0.apply(x), mask);
                expected = out.apply(c1.apply(d1.apply(h), mask)).mul(mask.expandDims(2));
                collector.backward(packed.mul(weights).sum().add(expected.mul(weights).sum()));
            }
            assertEquals(new Shape(3, 4, 1), packed.getShape());
            assertArrayEquals(expected.toFloatArray(), packed.toFloatArray(), 1e-5f);
            for (int i = 0; i < packedParams.size(); i++) {
                Parameter p = packedParams.get(i);
                Parameter r = referenceParams.get(i);
                assertArrayEquals(r.getArray().toFloatArray(), p.getArray().toFloatArray(), 1e-5f,
                        "running statistics (and weights) of " + p.getName());
                if (p.requiresGradient()) {
                    assertArrayEquals(r.getArray().getGradient().toFloatArray(), p.getArray().getGradient().toFloatArray(), 1e-4f,
                            "gradient of " + p.getName());
                }
            }
        }
    }

    @Test
    void aBatchOfOnlyPaddingOrOneRealRowKeepsTheStatisticsSane() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Mlp mlp = BlocksTesting.ready(new Mlp(2, new int[] {2}, Mlp.Act.DICE, 0f, 1), manager);
            mlp.bind(new ParameterStore(manager, false), true);
            NDArray result = mlp.continueFrom(mlp.firstLayer().apply(manager.ones(new Shape(2, 3, 2))), manager.zeros(new Shape(2, 3)));
            assertEquals(new Shape(2, 3, 1), result.getShape());
            for (Pair<String, Parameter> p : mlp.getParameters()) {
                if (p.getKey().endsWith("runningMean")) {
                    assertArrayEquals(new float[2], p.getValue().getArray().toFloatArray());
                }
            }
            // one real row: the running variance stays finite
            NDArray one = manager.zeros(new Shape(2, 3));
            one.set(new ai.djl.ndarray.index.NDIndex("0, 1"), 1f);
            mlp.continueFrom(mlp.firstLayer().apply(manager.randomNormal(new Shape(2, 3, 2))), one);
            for (Pair<String, Parameter> p : mlp.getParameters()) {
                if (p.getKey().endsWith("runningVar")) {
                    for (float v : p.getValue().getArray().toFloatArray()) {
                        assertTrue(Float.isFinite(v), "running variance after a single real row: " + v);
                    }
                }
            }
        }
    }

    private static List<Parameter> parameters(List<? extends Layer> layers) {
        return layers.stream().flatMap(l -> l.getParameters().values().stream()).toList();
    }
}
