package org.hitlbm.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class BlocksCrossNetworkTest {

    @Test
    void keepsTheWidthAndZeroLayersIsTheIdentity() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray x = manager.randomNormal(new Shape(4, 6));
            assertEquals(new Shape(4, 6), BlocksTesting.ready(new CrossNetwork(6, 3), manager).apply(x).getShape());
            assertArrayEquals(x.toFloatArray(), BlocksTesting.ready(new CrossNetwork(6, 0), manager).apply(x).toFloatArray(), 0f);
        }
    }

    /** W = 2I, b = 1: x1 = x0 * (2 x0 + 1) + x0; a second such layer gives x0 * (2 x1 + 1) + x1. */
    @Test
    void eachLayerIsX0TimesAnAffineMapPlusTheResidual() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            CrossNetwork cross = BlocksTesting.ready(new CrossNetwork(2, 2), manager);
            assertEquals(2, BlocksTesting.set(cross, "weight", 2, 0, 0, 2));
            assertEquals(2, BlocksTesting.set(cross, "bias", 1, 1));
            float[] x0 = {1, -0.5f};
            float[] expected = new float[2];
            for (int i = 0; i < 2; i++) {
                float x1 = x0[i] * (2 * x0[i] + 1) + x0[i];
                expected[i] = x0[i] * (2 * x1 + 1) + x1;
            }
            assertArrayEquals(expected, cross.apply(manager.create(x0, new Shape(1, 2))).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void rejectsANegativeDepth() {
        assertThrows(IllegalArgumentException.class, () -> new CrossNetwork(3, -1));
    }
}
