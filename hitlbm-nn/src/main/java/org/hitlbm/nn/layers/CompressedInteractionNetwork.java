package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;

/**
 * xDeepFM's Compressed Interaction Network (Lian et al., KDD'18), the plain version (no
 * split-half, identity activation as in the paper). Layer k takes, for each embedding dimension,
 * the outer product of the F input fields with the H_{k-1} feature maps of the previous layer and
 * compresses those F*H_{k-1} products into H_k maps (the paper's 1x1 convolution, i.e. a Dense over
 * the field-pair axis). Each layer's maps are sum-pooled over the embedding dimensions; all pooled
 * layers feed one linear logit.
 */
public final class CompressedInteractionNetwork extends Layer {
    private final List<Dense> compressions = new ArrayList<>();
    private final Dense output;

    /** @param layerSizes H_1..H_L, the feature maps of each layer (at least one layer) */
    public CompressedInteractionNetwork(int numFields, int[] layerSizes) {
        if (layerSizes.length == 0) {
            throw new IllegalArgumentException("cinLayers needs at least one layer");
        }
        int previous = numFields;
        int pooledWidth = 0;
        for (int i = 0; i < layerSizes.length; i++) {
            compressions.add(child("layer" + i, new Dense(numFields * previous, layerSizes[i])));
            previous = layerSizes[i];
            pooledWidth += layerSizes[i];
        }
        output = child("output", new Dense(pooledWidth, 1));
    }

    /** (B, F, d) to the logit (B, 1). */
    public NDArray apply(NDArray fields) {
        long batch = fields.getShape().get(0);
        long numFields = fields.getShape().get(1);
        long dim = fields.getShape().get(2);
        // work in (B, d, maps) so each compression is one GEMM over the last axis. The transposed
        // fields are copied to contiguous memory once (the flattening reshape copies): as a strided
        // view they made every outer product strided, its reshape a copy and its backward strided
        // reads, 40% of an xDeepFM step. (FuxiCTR's (B, maps, d) layout needs a broadcast matmul
        // per layer, which measured 2.5x slower here.)
        NDArray xk = fields.transpose(0, 2, 1).reshape(-1).reshape(batch, dim, numFields); // (B, d, H_0 = F)
        NDArray x0 = xk.expandDims(3);                                           // (B, d, F, 1)
        NDList pooled = new NDList();
        for (Dense compression : compressions) {
            NDArray products = x0.mul(xk.expandDims(2)).reshape(batch, dim, -1); // (B, d, F*H_{k-1})
            xk = compression.apply(products);                                    // (B, d, H_k)
            pooled.add(xk.sum(new int[] {1}));                                   // (B, H_k)
        }
        return output.apply(NDArrays.concat(pooled, -1));
    }
}
