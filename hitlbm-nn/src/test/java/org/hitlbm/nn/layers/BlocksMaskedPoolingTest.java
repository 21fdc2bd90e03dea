package org.hitlbm.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class BlocksMaskedPoolingTest {

    @Test
    void meanOverRealPositionsWithZeroForAnEmptyRow() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            // row 0: positions 0 and 2 real; row 1: none
            NDArray mask = manager.create(new float[] {1, 0, 1, 0, 0, 0}, new Shape(2, 3));
            NDArray sequence = manager.create(new float[] {1, 10, 99, 99, 3, 20, 5, 5, 5, 5, 5, 5}, new Shape(2, 3, 2));
            NDArray mean = MaskedPooling.mean(sequence, mask);
            assertEquals(new Shape(2, 2), mean.getShape());
            assertArrayEquals(new float[] {2, 15, 0, 0}, mean.toFloatArray(), 0f);
            NDArray masked = sequence.mul(mask.expandDims(2));
            assertArrayEquals(mean.toFloatArray(), MaskedPooling.meanOfMasked(masked, mask).toFloatArray(), 0f);

            NDArray scalars = manager.create(new float[] {1, 7, 4, 2, 2, 2}, new Shape(2, 3));
            NDArray scalarMean = MaskedPooling.mean(scalars, mask);
            assertEquals(new Shape(2, 1), scalarMean.getShape());
            assertArrayEquals(new float[] {2.5f, 0}, scalarMean.toFloatArray(), 0f);
            assertArrayEquals(new float[] {2.5f, 0}, MaskedPooling.meanOfMasked(scalars.mul(mask), mask).toFloatArray(), 0f);
            assertArrayEquals(new float[] {2, 1}, MaskedPooling.count(mask.get(":, :2").concat(
                    manager.create(new float[] {1, 1}, new Shape(2, 1)), 1)).toFloatArray(), 0f);
        }
    }

    @Test
    void meanOverAllRealEntries() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray mask = manager.create(new float[] {1, 0, 1, 1}, new Shape(2, 2));
            NDArray values = manager.create(new float[] {3, 100, 4, 5}, new Shape(2, 2));
            assertEquals(4f, MaskedPooling.meanOverAll(values, mask).getFloat(), 0f);
            assertEquals(0f, MaskedPooling.meanOverAll(values, mask.zerosLike()).getFloat(), 0f);
        }
    }
}
