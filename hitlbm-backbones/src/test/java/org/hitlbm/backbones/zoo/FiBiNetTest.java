package org.hitlbm.backbones.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.hitlbm.nn.layers.BilinearInteraction;
import org.hitlbm.nn.layers.Layer;
import org.hitlbm.nn.layers.SqueezeExcitation;
import org.junit.jupiter.api.Test;

/** FiBiNET's two building blocks against hand-computed values. */
class FiBiNetTest {

    private static void ready(Layer layer, NDManager manager) {
        layer.initialize(manager, DataType.FLOAT32);
        layer.bind(new ParameterStore(manager, false), false);
    }

    @Test
    void senetScalesEachFieldByItsOwnExcitation() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SqueezeExcitation senet = new SqueezeExcitation(2, 1);
            ready(senet, manager);
            // a = relu(mean(field 0)); weights (a, 2a)
            senet.reduce().getParameters().get("weight").getArray().set(new float[] {1f, 0f});
            senet.restore().getParameters().get("weight").getArray().set(new float[] {1f, 2f});
            // sample 0: field 0 mean 2, so weights (2, 4); sample 1: field 0 mean -1, so every field is zeroed
            NDArray fields = manager.create(new float[] {1, 3, 5, -7, -2, 0, 4, 4}, new Shape(2, 2, 2));
            float[] out = senet.apply(fields).toFloatArray();
            assertArrayEquals(new float[] {2, 6, 20, -28, 0, 0, 0, 0}, out, 1e-5f);
        }
    }

    @Test
    void bilinearPairsFollowTheWeightLayout() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            // one sample, three 2-d fields; pairs in order (0,1), (0,2), (1,2)
            NDArray v = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 3, 2));
            float[] hadamard = {3, 8, 5, 12, 15, 24};

            BilinearInteraction all = new BilinearInteraction(3, 2, BilinearInteraction.Type.FIELD_ALL);
            ready(all, manager);
            all.weight().getArray().set(new float[] {1, 0, 0, 1});
            assertArrayEquals(hadamard, all.apply(v).toFloatArray(), 1e-5f);

            // W_i = (i + 1) I: each pair scaled by its left field's factor
            BilinearInteraction each = new BilinearInteraction(3, 2, BilinearInteraction.Type.FIELD_EACH);
            ready(each, manager);
            each.weight().getArray().set(new float[] {1, 0, 0, 1, 2, 0, 0, 2, 3, 0, 0, 3});
            assertArrayEquals(new float[] {3, 8, 5, 12, 30, 48}, each.apply(v).toFloatArray(), 1e-5f);

            // W_p = (p + 1) I per pair; a swap in the off-diagonal of pair 2 shows it is v_i W, not W v_i
            BilinearInteraction pair = new BilinearInteraction(3, 2, BilinearInteraction.Type.FIELD_INTERACTION);
            ready(pair, manager);
            pair.weight().getArray().set(new float[] {1, 0, 0, 1, 2, 0, 0, 2, 0, 1, 0, 0});
            // pair 2: v_1 W = (3, 4) [[0, 1], [0, 0]] = (0, 3), times v_2 = (5, 6)
            assertArrayEquals(new float[] {3, 8, 10, 24, 0, 18}, pair.apply(v).toFloatArray(), 1e-5f);
        }
    }
}
