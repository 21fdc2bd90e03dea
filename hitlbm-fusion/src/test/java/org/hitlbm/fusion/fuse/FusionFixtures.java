package org.hitlbm.fusion.fuse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;

/** Tiny data made in the test: synthetic samples, random chunk and item vectors, hand-made batches. */
final class FusionFixtures {
    private FusionFixtures() {
    }

    /** Every fusion and the TIF options that change how masks are used. */
    static final List<Map.Entry<String, Map<String, Object>>> ALL_FUSIONS = List.of(
            Map.entry("mlp", Map.of()),
            Map.entry("mlp", Map.of("pooling", "last")),
            Map.entry("sa", Map.of()),
            Map.entry("gru", Map.of()),
            Map.entry("tif", Map.of()),
            Map.entry("tif", Map.of("crossAttention", "paper-literal")),
            Map.entry("tif", Map.of("positions", "learned")),
            Map.entry("tif", Map.of("pooling", "last")));

    /** A small synthetic world chunked every {@code chunkSize} behaviors, so users have several chunks. */
    static PreparedData data(int users, int items, int chunkSize) {
        return new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(chunkSize), 5)
                .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(users).withItems(items)));
    }

    /** Gaussian vectors for every chunk of every user and every item; scores in [0.5, 1.5). */
    static ChunkVectors randomVectors(PreparedData data, int dim, long seed) {
        Random random = new Random(seed);
        ChunkVectors.Builder b = ChunkVectors.builder(dim);
        for (UserChunks c : data.chunks()) {
            float[][] vectors = new float[c.count()][];
            float[] scores = new float[c.count()];
            for (int j = 0; j < vectors.length; j++) {
                vectors[j] = gaussian(random, dim);
                scores[j] = 0.5f + random.nextFloat();
            }
            b.user(c.user(), vectors, scores);
        }
        for (int item = 1; item < data.features().itemVocabulary(); item++) {
            b.item(item, gaussian(random, dim));
        }
        return b.build();
    }

    static float[] gaussian(Random random, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** A fresh fusion layer, initialised from {@code seed} and bound for evaluation (no dropout). */
    static FusionLayer layer(NDManager manager, String fusion, Map<String, Object> params, int dim, int maxChunks, long seed) {
        Random random = new Random(seed);
        float[][] chunks = new float[maxChunks][];
        for (int j = 0; j < maxChunks; j++) {
            chunks[j] = gaussian(random, dim);
        }
        ChunkVectors vectors = ChunkVectors.builder(dim).user(1, chunks).item(1, gaussian(random, dim)).build();
        FusionLayer layer = (FusionLayer) Fusions.create(fusion, params, vectors).newLayer();
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        layer.initialize(manager, DataType.FLOAT32);
        layer.bind(new ParameterStore(manager, false), false);
        return layer;
    }

    /**
     * A batch of rows, each with its own chunks (right-padded to {@code t} with {@code padding}
     * values, which the mask hides) and scores.
     */
    static ChunkBatch batch(NDManager manager, float[][][] chunks, float[][] scores, float[][] items, int t, float padding) {
        int b = chunks.length;
        int d = items[0].length;
        float[] x = new float[b * t * d];
        float[] mask = new float[b * t];
        float[] s = new float[b * t];
        float[] item = new float[b * d];
        java.util.Arrays.fill(x, padding);
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < chunks[i].length; j++) {
                System.arraycopy(chunks[i][j], 0, x, (i * t + j) * d, d);
                mask[i * t + j] = 1f;
                s[i * t + j] = scores[i][j];
            }
            System.arraycopy(items[i], 0, item, i * d, d);
        }
        return new ChunkBatch(manager.create(x, new Shape(b, t, d)), manager.create(mask, new Shape(b, t)),
                manager.create(s, new Shape(b, t)), manager.create(item, new Shape(b, d)));
    }

    static float[][] randomChunks(Random random, int count, int dim) {
        float[][] chunks = new float[count][];
        for (int j = 0; j < count; j++) {
            chunks[j] = gaussian(random, dim);
        }
        return chunks;
    }

    static float[] ones(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return v;
    }

    static float[] fuse(FusionLayer layer, ChunkBatch batch) {
        return layer.apply(batch.toList()).toFloatArray();
    }

    static float maxAbsDiff(float[] a, float[] b, int from, int to) {
        float max = 0;
        for (int i = from; i < to; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
