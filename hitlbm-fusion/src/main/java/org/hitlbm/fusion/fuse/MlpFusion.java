package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDArray;
import org.hitlbm.nn.layers.MaskedPooling;
import org.hitlbm.nn.layers.Mlp;
import org.hitlbm.nn.onnx.OnnxGraph;

/**
 * Mean of the real chunk vectors, then an MLP to e_user (the RQ5 "MLP" fusion); or, pooling
 * "last", the newest visible chunk alone (KAR's and TRSR's one current preference).
 */
final class MlpFusion extends FusionLayer {
    private final Mlp mlp;
    private final boolean lastOnly;

    MlpFusion(int dim, int[] hiddenUnits, float dropout, int outDim, boolean lastOnly) {
        super(dim, outDim);
        this.lastOnly = lastOnly;
        mlp = child("mlp", new Mlp(dim, hiddenUnits, Mlp.Act.RELU, dropout, outDim));
    }

    @Override
    public NDArray user(ChunkBatch batch) {
        NDArray pooled = lastOnly ? ChunkBatch.lastReal(batch.chunks(), batch.mask())
                : MaskedPooling.mean(batch.chunks(), batch.mask());
        return mlp.apply(pooled);
    }

    @Override
    protected String userOnnx(OnnxGraph g, OnnxBatch batch) {
        String pooled = lastOnly ? ChunkBatch.onnxLastReal(g, batch.chunks(), batch.mask())
                : MaskedPooling.onnxMean(g, batch.chunks(), batch.mask());
        return mlp.onnx(g, pooled);
    }
}
