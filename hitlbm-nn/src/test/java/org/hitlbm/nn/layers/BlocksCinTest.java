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

    /** Two layers, every weight and bias set: the logit equals the paper's sums written out as loops. */
    @Test
    void twoLayersEqualTheLoopedDefinition() {
        int batch = 3, f = 3, d = 4;
        int[] h = {2, 3};
        java.util.Random random = new java.util.Random(5);
        float[][] w = {new float[h[0] * f * f], new float[h[1] * f * h[0]], new float[h[0] + h[1]]};
        float[][] b = {new float[h[0]], new float[h[1]], new float[1]};
        for (float[][] arrays : new float[][][] {w, b}) {
            for (float[] a : arrays) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) random.nextGaussian();
                }
            }
        }
        float[] x = new float[batch * f * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] expected = new float[batch];
        for (int s = 0; s < batch; s++) {
            float[][] xk = new float[f][d];
            for (int i = 0; i < f; i++) {
                for (int e = 0; e < d; e++) {
                    xk[i][e] = x[(s * f + i) * d + e];
                }
            }
            float logit = b[2][0];
            int pooledIndex = 0;
            for (int layer = 0; layer < 2; layer++) {
                int previous = xk.length;
                float[][] next = new float[h[layer]][d];
                for (int m = 0; m < h[layer]; m++) {
                    for (int e = 0; e < d; e++) {
                        float sum = b[layer][m];
                        for (int i = 0; i < f; i++) {
                            for (int j = 0; j < previous; j++) {
                                // weight (H_k, F * H_{k-1}): column i * H_{k-1} + j pairs field i with map j
                                sum += w[layer][m * f * previous + i * previous + j] * x[(s * f + i) * d + e] * xk[j][e];
                            }
                        }
                        next[m][e] = sum;
                    }
                    float pooled = 0;
                    for (int e = 0; e < d; e++) {
                        pooled += next[m][e];
                    }
                    logit += w[2][pooledIndex++] * pooled;
                }
                xk = next;
            }
            expected[s] = logit;
        }
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            CompressedInteractionNetwork cin = BlocksTesting.ready(new CompressedInteractionNetwork(f, h), manager);
            assertEquals(1, BlocksTesting.set(cin, "layer0_weight", w[0]));
            assertEquals(1, BlocksTesting.set(cin, "layer0_bias", b[0]));
            assertEquals(1, BlocksTesting.set(cin, "layer1_weight", w[1]));
            assertEquals(1, BlocksTesting.set(cin, "layer1_bias", b[1]));
            assertEquals(1, BlocksTesting.set(cin, "output_weight", w[2]));
            assertEquals(1, BlocksTesting.set(cin, "output_bias", b[2]));
            NDArray fields = manager.create(x, new Shape(batch, f, d));
            assertArrayEquals(expected, cin.apply(fields).toFloatArray(), 1e-4f);
        }
    }

    @Test
    void needsALayer() {
        assertThrows(IllegalArgumentException.class, () -> new CompressedInteractionNetwork(3, new int[0]));
    }
}
