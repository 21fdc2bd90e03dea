package org.hitlbm.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one multi-head attention in its two configurations, and AutoInt's interacting layer on top. */
class BlocksAttentionTest {

    @Test
    void transformerConfigurationHasBiasedProjectionsAndAnOutput() {
        MultiHeadAttention attention = new MultiHeadAttention(8, 2, 0f);
        assertEquals(List.of("query_weight", "query_bias", "key_weight", "key_bias", "value_weight", "value_bias",
                "output_weight", "output_bias"), BlocksTesting.names(attention));
        assertEquals(8, attention.width());
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(8, 3, 0f));
    }

    @Test
    void autoIntConfigurationHasBareProjectionsOfAnyWidth() {
        MultiHeadAttention attention = new MultiHeadAttention(5, 2, 3, false, false, 0f);
        assertEquals(List.of("query_weight", "key_weight", "value_weight"), BlocksTesting.names(attention));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            BlocksTesting.ready(attention, manager);
            NDArray x = manager.randomNormal(new Shape(2, 4, 5));
            assertEquals(new Shape(2, 4, 6), attention.apply(x, x, null).getShape());
        }
    }

    /** Identity projections, one head: a mask that leaves only key 1 returns its row for every query. */
    @Test
    void aMaskLeavingOneKeyReturnsItsValue() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            MultiHeadAttention attention = BlocksTesting.ready(new MultiHeadAttention(2, 1, 2, false, false, 0f), manager);
            for (String p : List.of("query_weight", "key_weight", "value_weight")) {
                BlocksTesting.set(attention, p, 1, 0, 0, 1);
            }
            NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 3, 2));
            NDArray mask = manager.create(new float[] {-1e9f, 0, -1e9f}, new Shape(1, 1, 1, 3));
            assertArrayEquals(new float[] {3, 4, 3, 4, 3, 4}, attention.apply(x, x, mask).toFloatArray(), 1e-5f);
        }
    }

    /** Zero projections: the attended part is 0, so with equal widths the layer is ReLU(x). */
    @Test
    void interactingLayerAddsAnIdentityShortcutWhenWidthsAgree() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            InteractingLayer same = BlocksTesting.ready(new InteractingLayer(4, 2, 2), manager);
            assertEquals(List.of("attention_query_weight", "attention_key_weight", "attention_value_weight"),
                    BlocksTesting.names(same));
            BlocksTesting.zero(same);
            NDArray x = manager.create(new float[] {1, -2, 3, -4, -1, 2, 0, 5}, new Shape(1, 2, 4));
            assertArrayEquals(new float[] {1, 0, 3, 0, 0, 2, 0, 5}, same.apply(x).toFloatArray(), 0f);

            InteractingLayer wider = BlocksTesting.ready(new InteractingLayer(4, 2, 3), manager);
            assertEquals("residual_weight", BlocksTesting.names(wider).get(3), "W_res after the attention");
            assertEquals(new Shape(1, 2, 6), wider.apply(x).getShape());
        }
    }
}
