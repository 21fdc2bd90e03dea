package org.hitlbm.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class BlocksCinTest {

    @Test
    void logitPerSampleForAnyDepth() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            CompressedInteractionNetwork cin = BlocksTesting.ready(new CompressedInteractionNetwork(4, new int[] {3, 2}), manager);
            assertEquals(new Shape(5, 1), cin.apply(manager.randomNormal(new Shape(5, 4, 6))).getShape());
        }
    }

    /**
     * Two 1-d fields (a, b): the first layer's products are (aa, ab, ba, bb); a compression that keeps
     * aa + bb and an identity output give a^2 + b^2.
     */
    @Test
    void firstLayerCompressesTheFieldOuterProducts() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            CompressedInteractionNetwork cin = BlocksTesting.ready(new CompressedInteractionNetwork(2, new int[] {1}), manager);
            BlocksTesting.zero(cin);
            assertEquals(1, BlocksTesting.set(cin, "layer0_weight", 1, 0, 0, 1));
            assertEquals(1, BlocksTesting.set(cin, "output_weight", 1));
            NDArray fields = manager.create(new float[] {2, 3, -1, 0.5f}, new Shape(2, 2, 1));
            assertArrayEquals(new float[] {13, 1.25f}, cin.apply(fields).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void needsALayer() {
        assertThrows(IllegalArgumentException.class, () -> new CompressedInteractionNetwork(3, new int[0]));
    }
}
