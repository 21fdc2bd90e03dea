package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDArray;
import org.hitlbm.backbones.nn.Mlp;

/** Mean of the real chunk vectors, then an MLP to e_user (the RQ5 "MLP" fusion). */
final class MlpFusion extends FusionLayer {
    private final Mlp mlp;

    MlpFusion(int dim, int[] hiddenUnits, float dropout, int outDim) {
        super(dim, outDim);
        mlp = child("mlp", new Mlp(dim, hiddenUnits, Mlp.Act.RELU, dropout, outDim));
    }

    @Override
    public NDArray user(ChunkBatch batch) {
        return mlp.apply(ChunkBatch.maskedMean(batch.chunks(), batch.mask()));
    }
}
