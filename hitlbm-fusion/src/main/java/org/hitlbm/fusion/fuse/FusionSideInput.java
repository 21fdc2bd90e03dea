package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
        int[] users = new int[b];
        int[] items = new int[b];
        int[] visible = new int[b];
        for (int i = 0; i < b; i++) {
            users[i] = samples.user[rows[i]];
            items[i] = samples.item[rows[i]];
            visible[i] = samples.visibleChunks[rows[i]];
        }
        return ChunkBatch.of(manager, vectors.pack(users, items, visible)).toList();
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
