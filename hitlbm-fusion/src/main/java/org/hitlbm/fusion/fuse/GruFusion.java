package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDArray;
import org.hitlbm.nn.layers.Dense;
import org.hitlbm.nn.layers.GruCell;
import org.hitlbm.nn.onnx.OnnxGraph;

/**
 * GRU over the chunks in time order; e_user from the last real state. Chunks are right-padded
 * and padded steps leave the state unchanged, so the final state is the last real one (zeros for
 * a user with no chunks).
 */
final class GruFusion extends FusionLayer {
    private final GruCell cell;
    private final Dense userProjection;

    GruFusion(int dim, int units, int outDim) {
        super(dim, outDim);
        cell = child("gru", new GruCell(dim, units));
        userProjection = child("user", new Dense(units, outDim));
    }

    @Override
    public NDArray user(ChunkBatch batch) {
        return userProjection.apply(cell.finalState(batch.chunks(), batch.mask()));
    }

    @Override
    protected String userOnnx(OnnxGraph g, OnnxBatch batch) {
        return userProjection.onnx(g, cell.onnxFinalState(g, batch.chunks(), batch.mask()));
    }
}
