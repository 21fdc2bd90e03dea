package org.hitlbm.fusion.fuse;

import static org.hitlbm.fusion.fuse.FusionFixtures.batch;
import static org.hitlbm.fusion.fuse.FusionFixtures.fuse;
import static org.hitlbm.fusion.fuse.FusionFixtures.gaussian;
import static org.hitlbm.fusion.fuse.FusionFixtures.layer;
import static org.hitlbm.fusion.fuse.FusionFixtures.maxAbsDiff;
import static org.hitlbm.fusion.fuse.FusionFixtures.ones;
import static org.hitlbm.fusion.fuse.FusionFixtures.randomChunks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.Random;
import org.hitlbm.nn.layers.MultiHeadAttention;
import org.junit.jupiter.api.Test;

/** TIF's masks (SPEC §3.4): causal, padding-blind, score weighting, empty users, both Eq. 13 readings. */
class FusionMaskingTest {
    private static final int D = 8;

    @Test
    void maskedSelfAttentionAtPositionJNeverSeesLaterChunks() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            MultiHeadAttention attention = new MultiHeadAttention(D, 2, 0f);
            attention.initialize(m, DataType.FLOAT32);
            attention.bind(new ParameterStore(m, false), false);
            int t = 5;
            NDArray x = m.randomNormal(new Shape(2, t, D));
            NDArray mask = AttentionMasks.causal(m.ones(new Shape(2, t)));
            float[] before = attention.apply(x, x, mask).toFloatArray();
            for (int j = 0; j + 1 < t; j++) {
                NDArray changed = x.duplicate();
                changed.set(new ai.djl.ndarray.index.NDIndex(":, {}, :", j + 1), m.randomNormal(new Shape(2, D)));
                float[] after = attention.apply(changed, changed, mask).toFloatArray();
                assertUpToJUnchanged(before, after, 2, t, j, D, "self-attention, chunk " + (j + 1) + " changed");
            }
        }
    }

    @Test
    void tifRepresentationAtPositionJNeverSeesLaterChunks() {
        for (int modelDim : new int[] {0, 16}) { // the vectors' own width, and a projection to another
            int width = modelDim == 0 ? D : modelDim;
            for (String cross : new String[] {"item-query", "paper-literal"}) {
                try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                    AttentionFusion tif = (AttentionFusion) layer(m, "tif", Map.of("crossAttention", cross, "modelDim", modelDim), D, 6, 5);
                    Random random = new Random(7);
                    int t = 6;
                    float[][][] chunks = {randomChunks(random, t, D), randomChunks(random, t, D)};
                    float[][] scores = {ones(t), ones(t)};
                    float[][] items = {gaussian(random, D), gaussian(random, D)};
                    float[] before = tif.sequence(batch(m, chunks, scores, items, t, 0f)).toFloatArray();
                    assertEquals(2 * t * width, before.length, "(B, T, width)");
                    for (int j = 0; j + 1 < t; j++) {
                        float[][][] changed = {chunks[0].clone(), chunks[1].clone()};
                        changed[0][j + 1] = gaussian(random, D);
                        changed[1][j + 1] = gaussian(random, D);
                        float[] after = tif.sequence(batch(m, changed, scores, items, t, 0f)).toFloatArray();
                        assertUpToJUnchanged(before, after, 2, t, j, width, cross + ", modelDim " + modelDim + ", chunk " + (j + 1) + " changed");
                    }
                }
            }
        }
    }

    /** (B, T, width) outputs: positions 0..j equal, position j+1 moved. */
    private static void assertUpToJUnchanged(float[] before, float[] after, int b, int t, int j, int width, String what) {
        for (int row = 0; row < b; row++) {
            int start = row * t * width;
            assertTrue(maxAbsDiff(before, after, start, start + (j + 1) * width) < 1e-5, what + ": a position <= " + j + " moved");
            assertTrue(maxAbsDiff(before, after, start + (j + 1) * width, start + (j + 2) * width) > 1e-4,
                    what + ": position " + (j + 1) + " did not");
        }
    }

    @Test
    void paddingNeverChangesTheFusedVector() {
        for (Map.Entry<String, Map<String, Object>> f : FusionFixtures.ALL_FUSIONS) {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                FusionLayer layer = layer(m, f.getKey(), f.getValue(), D, 7, 11);
                Random random = new Random(13);
                float[][] user = randomChunks(random, 3, D);
                float[] scores = {0.7f, 1.2f, 0.9f};
                float[] item = gaussian(random, D);
                float[] alone = fuse(layer, batch(m, new float[][][] {user}, new float[][] {scores}, new float[][] {item}, 3, 0f));
                // the same user beside a longer one: padded to 7, with garbage where the mask says padding
                float[] padded = fuse(layer, batch(m, new float[][][] {user, randomChunks(random, 7, D)},
                        new float[][] {scores, ones(7)}, new float[][] {item, gaussian(random, D)}, 7, 5f));
                int width = layer.width();
                assertEquals(64, width);
                assertTrue(maxAbsDiff(alone, padded, 0, width) < 1e-5, f + ": padding changed the fused vector");
            }
        }
    }

    @Test
    void lastPoolingReadsTheNewestVisibleChunkOnly() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            FusionLayer kar = layer(m, "mlp", Map.of("pooling", "last"), D, 4, 31);
            Random random = new Random(37);
            float[][] user = randomChunks(random, 3, D);
            float[][] items = {gaussian(random, D)};
            int width = kar.width() / 2; // e_user first, then e_item
            float[] before = fuse(kar, batch(m, new float[][][] {user}, new float[][] {ones(3)}, items, 4, 0f));
            float[][] olderChanged = {gaussian(random, D), gaussian(random, D), user[2]};
            float[] older = fuse(kar, batch(m, new float[][][] {olderChanged}, new float[][] {ones(3)}, items, 4, 0f));
            assertTrue(maxAbsDiff(before, older, 0, width) < 1e-6, "older chunks changed e_user");
            float[][] newestChanged = {user[0], user[1], gaussian(random, D)};
            float[] newest = fuse(kar, batch(m, new float[][][] {newestChanged}, new float[][] {ones(3)}, items, 4, 0f));
            assertTrue(maxAbsDiff(before, newest, 0, width) > 1e-3, "the newest chunk must move e_user");
        }
    }

    @Test
    void scoresWeighTheChunksOnlyWithScoreWeightingOn() {
        for (boolean weighting : new boolean[] {true, false}) {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                FusionLayer tif = layer(m, "tif", Map.of("scoreWeighting", weighting), D, 4, 17);
                Random random = new Random(19);
                float[][][] chunks = {randomChunks(random, 4, D)};
                float[][] items = {gaussian(random, D)};
                float[] base = fuse(tif, batch(m, chunks, new float[][] {ones(4)}, items, 4, 0f));
                float[] scaled = fuse(tif, batch(m, chunks, new float[][] {{1f, 3f, 1f, 1f}}, items, 4, 0f));
                float diff = maxAbsDiff(base, scaled, 0, base.length);
                assertTrue(weighting ? diff > 1e-3 : diff == 0f, "scoreWeighting " + weighting + ": output moved by " + diff);
            }
        }
    }

    @Test
    void aUserWithNoVisibleChunksGetsAFiniteVector() {
        for (Map.Entry<String, Map<String, Object>> f : FusionFixtures.ALL_FUSIONS) {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                FusionLayer layer = layer(m, f.getKey(), f.getValue(), D, 3, 23);
                Random random = new Random(29);
                float[][] items = {gaussian(random, D), gaussian(random, D)};
                // a batch where nobody has a chunk (one masked position), and one where only the second row has
                float[] none = fuse(layer, batch(m, new float[][][] {{}, {}}, new float[][] {{}, {}}, items, 1, 0f));
                float[] mixed = fuse(layer, batch(m, new float[][][] {{}, randomChunks(random, 3, D)},
                        new float[][] {{}, ones(3)}, items, 3, 0f));
                for (float[] out : new float[][] {none, mixed}) {
                    for (float v : out) {
                        assertTrue(Float.isFinite(v), f + ": " + v);
                    }
                }
                assertTrue(maxAbsDiff(none, mixed, 0, layer.width()) < 1e-5, f + ": an empty row depends on its batch");
            }
        }
    }

    @Test
    void paperLiteralAndSpecCrossAttentionBothRunAndDiffer() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Random random = new Random(31);
            ChunkBatch batch = batch(m, new float[][][] {randomChunks(random, 4, D), randomChunks(random, 2, D)},
                    new float[][] {ones(4), ones(2)}, new float[][] {gaussian(random, D), gaussian(random, D)}, 4, 0f);
            // the same seed gives both the same weights: only the cross-attention's direction differs
            float[] spec = fuse(layer(m, "tif", Map.of(), D, 4, 37), batch);
            float[] literal = fuse(layer(m, "tif", Map.of("crossAttention", "paper-literal"), D, 4, 37), batch);
            float[] noCross = fuse(layer(m, "tif", Map.of("crossAttention", "none"), D, 4, 37), batch);
            for (float v : literal) {
                assertTrue(Float.isFinite(v));
            }
            assertTrue(maxAbsDiff(spec, literal, 0, spec.length) > 1e-3, "the two readings of Eq. 13 gave the same output");
            assertTrue(maxAbsDiff(literal, noCross, 0, spec.length) > 1e-3, "paper-literal cross-attention did nothing");
        }
    }
}
