package org.hitlbm.backbones.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hitlbm.nn.layers.FactorizationMachine;
import org.junit.jupiter.api.Test;

class DeepFmTest {

    @Test
    void fmTermIsTheInnerProductOfTwoFields() {
        float[][][] fields = {
            {{1, 2, 3}, {4, 5, 6}},
            {{1, 0, -1}, {2, 3, 4}},
        };
        float[] expected = new float[fields.length];
        for (int b = 0; b < fields.length; b++) {
            for (int k = 0; k < 3; k++) {
                expected[b] += fields[b][0][k] * fields[b][1][k];
            }
        }
        // 4 + 10 + 18 and 2 + 0 - 4
        assertArrayEquals(new float[] {32f, -2f}, expected);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray input = manager.create(flatten(fields), new Shape(2, 2, 3));
            NDArray fm = FactorizationMachine.pairwiseInteractions(input);
            assertArrayEquals(new long[] {2, 1}, fm.getShape().getShape());
            assertArrayEquals(expected, fm.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void fmTermSumsEveryPairOfThreeFields() {
        float[][][] fields = {{{0.5f, -1}, {2, 1}, {-3, 0.25f}}};
        float expected = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    expected += fields[0][i][k] * fields[0][j][k];
                }
            }
        }
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray fm = FactorizationMachine.pairwiseInteractions(manager.create(flatten(fields), new Shape(1, 3, 2)));
            assertArrayEquals(new float[] {expected}, fm.toFloatArray(), 1e-5f);
        }
    }

    private static float[] flatten(float[][][] x) {
        int n = x.length * x[0].length * x[0][0].length;
        float[] out = new float[n];
        int i = 0;
        for (float[][] sample : x) {
            for (float[] field : sample) {
                for (float v : field) {
                    out[i++] = v;
                }
            }
        }
        return out;
    }
}
