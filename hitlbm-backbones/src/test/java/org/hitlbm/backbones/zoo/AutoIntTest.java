package org.hitlbm.backbones.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.hitlbm.nn.layers.InteractingLayer;
import org.junit.jupiter.api.Test;

class AutoIntTest {

    /** Self-attention has no notion of field order: permuting the fields permutes the output rows. */
    @Test
    void interactingLayerIsPermutationEquivariantOverFields() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            manager.getEngine().setRandomSeed(7);
            InteractingLayer layer = new InteractingLayer(4, 2, 3);
            layer.initialize(manager, DataType.FLOAT32);
            layer.bind(new ParameterStore(manager, false), false);
            NDArray x = manager.randomNormal(new Shape(2, 5, 4));
            NDArray permuted = x.get(":, {}, :", manager.create(new long[] {3, 0, 4, 1, 2}));
            NDArray out = layer.apply(x);
            assertEquals(new Shape(2, 5, 6), out.getShape());
            NDArray expected = out.get(":, {}, :", manager.create(new long[] {3, 0, 4, 1, 2}));
            assertArrayEquals(expected.toFloatArray(), layer.apply(permuted).toFloatArray(), 1e-5f);
        }
    }
}
