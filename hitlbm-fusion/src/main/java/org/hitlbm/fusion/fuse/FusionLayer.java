package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.hitlbm.nn.layers.Dense;
import org.hitlbm.nn.side.SideLayer;

/**
 * Base of every fusion: e_user from the chunks (the part that differs), e_item as a linear map of
 * the item vector, both {@code outDim} wide, concatenated (SPEC Eq. 14): every fusion gives the
 * backbone the same width. They are two side features, so a field-interaction backbone sees them
 * as two fields and can form their interaction.
 */
public abstract class FusionLayer extends SideLayer {
    private final Dense itemProjection;

    protected FusionLayer(int dim, int outDim) {
        super(ChunkBatch.ARRAYS, new int[] {outDim, outDim});
        itemProjection = child("item", new Dense(dim, outDim));
    }

    @Override
    public final NDArray apply(NDList raw) {
        ChunkBatch batch = ChunkBatch.of(raw);
        return NDArrays.concat(new NDList(user(batch), itemProjection.apply(batch.item())), -1);
    }

    /** e_user, (B, outDim); must be finite for a row with no chunks. */
    public abstract NDArray user(ChunkBatch batch);
}
