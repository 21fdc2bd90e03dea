package org.hitlbm.fusion.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.sample.CtrSamples;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Names, defaults and errors of the factory; what the chunk side input packs. */
class FusionsFactoryTest {
    private static PreparedData data;
    private static ChunkVectors vectors;

    @BeforeAll
    static void prepare() {
        data = FusionFixtures.data(12, 80, 20);
        vectors = FusionFixtures.randomVectors(data, 8, 1);
    }

    @Test
    void namesAndTheSpecDefaults() {
        assertEquals(List.of("none", "mlp", "sa", "gru", "tif"), Fusions.names());
        Map<String, Object> tif = Fusions.defaultParams("tif");
        assertEquals(2, tif.get("layers"));
        assertEquals(8, tif.get("heads"));
        assertEquals(0.1, tif.get("dropout"));
        assertEquals(32, tif.get("outDim"));
        assertEquals(true, tif.get("scoreWeighting"));
        assertEquals("sinusoidal", tif.get("positions"));
        assertEquals("item-query", tif.get("crossAttention"));
        assertEquals("mean", tif.get("pooling"));
        assertTrue(Fusions.defaultParams("none").isEmpty());
        FusionSideInput side = Fusions.create("tif", Map.of(), vectors);
        assertEquals(64, side.width(), "e_user and e_item, 32 each");
        assertEquals(tif, side.params());
        assertEquals(20, Fusions.create("gru", Map.of("outDim", 10), vectors).width());
    }

    @Test
    void noneIsNoSideInput() {
        assertNull(Fusions.create("none", Map.of(), null));
        assertThrows(IllegalArgumentException.class, () -> Fusions.create("none", Map.of("outDim", 4), null));
    }

    @Test
    void errorsNameTheFusionAndTheParam() {
        assertMessage(() -> Fusions.create("lstm", Map.of(), vectors), "unknown fusion 'lstm'", "tif");
        assertMessage(() -> Fusions.create("tif", Map.of("head", 2), vectors), "fusion 'tif'", "'head'", "heads");
        assertMessage(() -> Fusions.create("sa", Map.of("heads", "two"), vectors), "'heads'", "fusion 'sa'", "Integer");
        assertMessage(() -> Fusions.create("tif", Map.of("heads", 3, "modelDim", 0), vectors), "3 heads", "8");
        assertMessage(() -> Fusions.create("tif", Map.of("heads", 3), vectors), "3 heads", "64");
        assertMessage(() -> Fusions.create("sa", Map.of("modelDim", -1), vectors), "'modelDim'", "[0, 4096]");
        assertMessage(() -> Fusions.create("tif", Map.of("positions", "rotary"), vectors), "'positions'", "learned");
        assertMessage(() -> Fusions.create("tif", Map.of("crossAttention", "literal"), vectors), "paper-literal");
        assertMessage(() -> Fusions.create("mlp", Map.of("dropout", 1), vectors), "'dropout'", "[0, 1)");
        assertEquals(0.5, Fusions.create("mlp", Map.of("dropout", 0.5), vectors).params().get("dropout"));
    }

    @Test
    void vectorsMustCoverEverySampleRow() {
        int[] rows = data.samples().rows(Split.TRAIN);
        ChunkVectors.Builder itemsOnly = ChunkVectors.builder(8);
        for (int item = 1; item < data.features().itemVocabulary(); item++) {
            itemsOnly.item(item, new float[8]);
        }
        FusionSideInput noChunks = Fusions.create("mlp", Map.of(), itemsOnly.build());
        assertMessage(() -> noChunks.checkCovers(data.samples()), "chunk vectors", "sees");
        FusionSideInput noItems = Fusions.create("mlp", Map.of(), ChunkVectors.builder(8).build());
        assertMessage(() -> noItems.checkCovers(data.samples()), "no vector for item");
    }

    @Test
    void packPadsToTheMostChunksInTheBatchAndNeverFewerThanOne() {
        CtrSamples s = data.samples();
        FusionSideInput side = Fusions.create("mlp", Map.of(), vectors);
        int none = -1;
        int some = -1;
        for (int row = 0; row < s.size && (none < 0 || some < 0); row++) {
            if (s.visibleChunks[row] == 0) {
                none = row;
            } else if (s.visibleChunks[row] >= 2) {
                some = row;
            }
        }
        int visible = s.visibleChunks[some];
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ChunkBatch batch = ChunkBatch.of(side.pack(m, s, new int[] {none, some}));
            assertArrayEquals(new long[] {2, visible, 8}, batch.chunks().getShape().getShape());
            assertArrayEquals(new float[] {0, visible}, batch.mask().sum(new int[] {1}).toFloatArray());
            assertEquals(0f, batch.chunks().get(0).abs().sum().getFloat(), "padding is zeros");
            assertArrayEquals(vectors.chunk(s.user[some], visible - 1), batch.chunks().get(1, visible - 1).toFloatArray());
            assertEquals(vectors.score(s.user[some], 0), batch.scores().getFloat(1, 0));
            assertArrayEquals(vectors.item(s.item[none]), batch.item().get(0).toFloatArray());
            NDList empty = side.pack(m, s, new int[] {none});
            assertArrayEquals(new long[] {1, 1, 8}, empty.get(0).getShape().getShape());
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }
}
