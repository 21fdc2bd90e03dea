package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.nn.side.SideInput;
import org.hitlbm.nn.side.SideLayer;

/**
 * A fusion as a backbone's side input: packs each sample's visible chunk vectors, their scores
 * and the target item's vector ({@link ChunkBatch}), and builds the fusion layer that the backbone
 * trains with itself. Made by {@link Fusions#create}.
 */
public final class FusionSideInput implements SideInput {
    /** Builds a fresh fusion layer from resolved params and the vectors' sizes. */
    interface LayerFactory {
        FusionLayer create(FusionParams params, int dim, int maxChunks);
    }

    private final ChunkVectors vectors;
    private final FusionParams params;
    private final LayerFactory factory;

    FusionSideInput(ChunkVectors vectors, FusionParams params, LayerFactory factory) {
        this.vectors = vectors;
        this.params = params;
        this.factory = factory;
    }

    public String fusion() {
        return params.fusion();
    }

    /** Every param with its value, defaults filled in. */
    public Map<String, Object> params() {
        return params.values();
    }

    public ChunkVectors vectors() {
        return vectors;
    }

    /** e_user and e_item, {@code outDim} each. */
    @Override
    public int width() {
        return 2 * params.integer("outDim");
    }

    @Override
    public int arrays() {
        return ChunkBatch.ARRAYS;
    }

    @Override
    public void checkCovers(CtrSamples samples) {
        vectors.checkCovers(samples);
    }

    @Override
    public NDList pack(NDManager manager, CtrSamples samples, int[] rows) {
        int b = rows.length;
        int d = vectors.dim();
        int t = 1; // a batch where no row sees a chunk still has one (masked) position
        for (int row : rows) {
            t = Math.max(t, samples.visibleChunks[row]);
        }
        float[] chunks = new float[b * t * d];
        float[] mask = new float[b * t];
        float[] scores = new float[b * t];
        float[] items = new float[b * d];
        for (int i = 0; i < b; i++) {
            int row = rows[i];
            int user = samples.user[row];
            for (int j = 0; j < samples.visibleChunks[row]; j++) {
                System.arraycopy(vectors.chunk(user, j), 0, chunks, (i * t + j) * d, d);
                mask[i * t + j] = 1f;
                scores[i * t + j] = vectors.score(user, j);
            }
            System.arraycopy(vectors.item(samples.item[row]), 0, items, i * d, d);
        }
        return new ChunkBatch(manager.create(chunks, new Shape(b, t, d)), manager.create(mask, new Shape(b, t)),
                manager.create(scores, new Shape(b, t)), manager.create(items, new Shape(b, d))).toList();
    }

    @Override
    public SideLayer newLayer() {
        return factory.create(params, vectors.dim(), vectors.maxChunks());
    }

    @Override
    public boolean trainable() {
        return true;
    }

    @Override
    public String toString() {
        return params.fusion() + params.values();
    }
}
