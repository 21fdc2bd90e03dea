package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.List;
import org.hitlbm.nn.layers.Dense;
import org.hitlbm.nn.layers.LayerNorm;
import org.hitlbm.nn.layers.MaskedPooling;
import org.hitlbm.nn.onnx.OnnxGraph;

/**
 * The attention fusions: TIF (SPEC §3.4: score-weighted chunks plus positions, causal decoder
 * layers with item-guided cross-attention) and SA (plain self-attention over the real chunks),
 * which differ only in their {@link Options}. After the layers: a final LayerNorm, a mean over
 * the real chunks, a linear map to {@code outDim}.
 */
final class AttentionFusion extends FusionLayer {
    /**
     * @param scoreWeighting multiply e_j by S_final^j (Eq. 11)
     * @param causal         position j attends to chunks 1..j only (Eq. 12); else to every real chunk
     * @param lastPosition   e_user from the last real position (which, causal, has seen every chunk)
     *                       instead of the mean over positions
     * @param modelDim       width the layers work in: chunk and item vectors are first mapped to it
     *                       (linear, no bias, so weighting by S_final before or after is the same);
     *                       0 = the vectors' own width. Attention at 384 or 1024 wide over every
     *                       sample's chunks costs minutes per epoch on a CPU; 64 costs seconds
     */
    record Options(int outDim, int layers, int heads, int feedForwardDim, float dropout, boolean scoreWeighting,
                   Positions.Kind positions, boolean causal, DecoderBlock.Cross cross, boolean lastPosition, int modelDim) {
    }

    private final Options options;
    private final Positions positions;
    private final List<DecoderBlock> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Dense userProjection;
    private final Dense chunkInput;
    private final Dense itemInput;

    AttentionFusion(Options options, int dim, int maxChunks) {
        super(dim, options.outDim());
        this.options = options;
        int width = options.modelDim() <= 0 ? dim : options.modelDim();
        chunkInput = width == dim ? null : child("chunkInput", new Dense(dim, width, false));
        itemInput = width == dim || options.cross() == DecoderBlock.Cross.NONE ? null : child("itemInput", new Dense(dim, width, false));
        positions = child("positions", new Positions(options.positions(), width, maxChunks));
        for (int i = 0; i < options.layers(); i++) {
            blocks.add(child("layer" + i, new DecoderBlock(width, options.heads(), options.feedForwardDim(), options.dropout(),
                    options.cross())));
        }
        finalNorm = child("finalNorm", new LayerNorm(width));
        userProjection = child("user", new Dense(width, options.outDim()));
    }

    /** The chunk representations after the last layer, (B, T, width), one per position. */
    NDArray sequence(ChunkBatch batch) {
        NDArray chunks = chunkInput == null ? batch.chunks() : chunkInput.apply(batch.chunks());
        NDArray item = itemInput == null ? batch.item() : itemInput.apply(batch.item());
        NDArray e = options.scoreWeighting() ? chunks.mul(batch.scores().expandDims(2)) : chunks;
        NDArray r = positions.add(e);
        if (options.dropout() > 0) {
            r = Dropout.dropout(r, options.dropout(), training).singletonOrThrow();
        }
        NDArray mask = options.causal() ? AttentionMasks.causal(batch.mask()) : AttentionMasks.padding(batch.mask());
        for (DecoderBlock block : blocks) {
            r = block.apply(r, mask, item);
        }
        return finalNorm.apply(r);
    }

    @Override
    public NDArray user(ChunkBatch batch) {
        NDArray r = sequence(batch);
        return userProjection.apply(options.lastPosition() ? ChunkBatch.lastReal(r, batch.mask()) : MaskedPooling.mean(r, batch.mask()));
    }

    @Override
    protected String userOnnx(OnnxGraph g, OnnxBatch batch) {
        String chunks = chunkInput == null ? batch.chunks() : chunkInput.onnx(g, batch.chunks());
        String item = itemInput == null ? batch.item() : itemInput.onnx(g, batch.item());
        String e = options.scoreWeighting() ? g.op("Mul", chunks, g.unsqueeze(batch.scores(), 2)) : chunks;
        String r = positions.onnx(g, e);
        String mask = options.causal() ? AttentionMasks.onnxCausal(g, batch.mask()) : AttentionMasks.onnxPadding(g, batch.mask());
        for (DecoderBlock block : blocks) {
            r = block.onnx(g, r, mask, item);
        }
        r = finalNorm.onnx(g, r);
        String pooled = options.lastPosition() ? ChunkBatch.onnxLastReal(g, r, batch.mask()) : MaskedPooling.onnxMean(g, r, batch.mask());
        return userProjection.onnx(g, pooled);
    }
}
