package org.hitlbm.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** SENET, the bilinear interaction and the FM term (hand-computed cases live in the backbones' tests). */
class BlocksFieldInteractionTest {

    @Test
    void senetKeepsTheShapeAndWeighsEachField() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SqueezeExcitation senet = BlocksTesting.ready(new SqueezeExcitation(5, 2), manager);
            NDArray fields = manager.randomNormal(new Shape(3, 5, 4));
            assertEquals(new Shape(3, 5), senet.weights(fields).getShape());
            assertEquals(new Shape(3, 5, 4), senet.apply(fields).getShape());
            assertEquals(0, senet.reduce().getParameters().keys().stream().filter(k -> k.contains("bias")).count(), "no biases");
        }
    }

    @Test
    void bilinearGivesOneVectorPerPairForEveryType() {
        assertEquals(6, BilinearInteraction.pairs(4));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray fields = manager.randomNormal(new Shape(2, 4, 3));
            Shape[] weights = {new Shape(3, 3), new Shape(4, 3, 3), new Shape(6, 3, 3)};
            for (BilinearInteraction.Type type : BilinearInteraction.Type.values()) {
                BilinearInteraction bilinear = BlocksTesting.ready(new BilinearInteraction(4, 3, type), manager);
                assertEquals(weights[type.ordinal()], bilinear.weight().getArray().getShape(), type.name());
                assertEquals(new Shape(2, 6, 3), bilinear.apply(fields).getShape(), type.name());
            }
        }
        assertEquals(BilinearInteraction.Type.FIELD_EACH, BilinearInteraction.Type.parse(" Field_Each "));
        assertThrows(IllegalArgumentException.class, () -> BilinearInteraction.Type.parse("diagonal"));
    }

    /** Identity W: p_ij = v_i * v_j, pairs in the order (0,1), (0,2), (1,2). */
    @Test
    void bilinearWithAnIdentityMatrixIsTheHadamardProductOfEachPairInOrder() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            BilinearInteraction bilinear = BlocksTesting.ready(new BilinearInteraction(3, 2, BilinearInteraction.Type.FIELD_ALL), manager);
            BlocksTesting.set(bilinear, "w", 1, 0, 0, 1);
            NDArray fields = manager.create(new float[] {1, 2, 3, 4, 5, 6, -1, 0.5f, 2, 3, 0, 1}, new Shape(2, 3, 2));
            assertArrayEquals(new float[] {3, 8, 5, 12, 15, 24, -2, 1.5f, 0, 0.5f, 0, 3}, bilinear.apply(fields).toFloatArray(), 0f);
        }
    }

    @Test
    void fmTermOfTwoFieldsIsTheirInnerProduct() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray fields = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 2, 3));
            assertArrayEquals(new float[] {32}, FactorizationMachine.pairwiseInteractions(fields).toFloatArray(), 1e-5f);
        }
    }
}
