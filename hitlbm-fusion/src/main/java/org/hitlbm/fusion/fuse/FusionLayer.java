package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.Map;
import org.hitlbm.nn.layers.Dense;
import org.hitlbm.nn.onnx.OnnxGraph;
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

    /**
     * This fusion at inference (no dropout), with its current weights, as an ONNX model: inputs
     * {@code chunks} (B, T, d), {@code mask} (B, T), {@code scores} (B, T), {@code item} (B, d), as
     * {@link ChunkBatch} packs them; outputs {@code e_user} and {@code e_item}, (B, outDim) each.
     */
    public final byte[] toOnnx(Map<String, String> metadata) {
        int dim = itemProjection.in();
        int outDim = itemProjection.out();
        OnnxGraph g = new OnnxGraph("hitlbm_fusion");
        OnnxBatch in = new OnnxBatch(g.input("chunks", "batch", "chunks", dim), g.input("mask", "batch", "chunks"),
                g.input("scores", "batch", "chunks"), g.input("item", "batch", dim));
        g.output(userOnnx(g, in), "e_user", "batch", outDim);
        g.output(itemProjection.onnx(g, in.item()), "e_item", "batch", outDim);
        String version = FusionLayer.class.getPackage().getImplementationVersion();
        return g.model("hitlbm", version == null ? "dev" : version, metadata);
    }

    /** The names of the graph inputs, one per {@link ChunkBatch} array. */
    protected record OnnxBatch(String chunks, String mask, String scores, String item) {
    }

    /** {@link #user} as ONNX nodes, (B, outDim). */
    protected abstract String userOnnx(OnnxGraph g, OnnxBatch batch);
}
