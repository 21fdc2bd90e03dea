package org.hitlbm.backbones.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's bookkeeping on a tiny set: rows, timed epochs, threads, the contended pass; no speed is asserted. */
class BackboneBenchTest {
    private static PreparedData tiny() {
        return new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(50), 5)
                .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(20).withItems(80)));
    }

    @Test
    void eachBackboneGetsOneRowWithItsTimedPhasesAndThreads() {
        PreparedData data = tiny();
        List<BackboneBench.Row> heard = new ArrayList<>();
        List<BackboneBench.Row> rows = new BackboneBench(data, new BackboneBench.Options(64, 2, 1, true))
                .run(List.of(Backbones.byName("din"), Backbones.byName("deepfm")), heard::add);
        assertEquals(rows, heard, "each row is reported as soon as it is measured");
        assertEquals(List.of("din", "deepfm"), rows.stream().map(BackboneBench.Row::backbone).toList());
        for (BackboneBench.Row r : rows) {
            assertEquals(data.samples().rows(Split.TRAIN).length, r.samples());
            assertEquals(1, r.times().threads(), "the fixed count asked for");
            assertEquals(1, r.contendedThreads());
            assertTrue(r.times().forward() > 0 && r.times().backward() > 0 && r.times().step() > 0 && r.times().assemble() > 0);
            assertTrue(r.times().validation() > 0, "validation is timed apart from training");
            assertEquals(r.samples() / r.times().training(), r.samplesPerSecond(), 1e-6 * r.samplesPerSecond(), "one timed epoch");
            assertTrue(r.contended() > 0 && Double.isFinite(r.slowdown()));
            assertTrue(r.peakRssMb() > 0);
        }
    }

    @Test
    void aTorchProfileRecordsTheSecondEpochsOpsPerBackbone(@TempDir Path dir) throws Exception {
        String prefix = dir.resolve("trace").toString();
        new BackboneBench(tiny(), new BackboneBench.Options(64, 2, 1, false, prefix)).run(List.of(Backbones.byName("din")), r -> { });
        String trace = Files.readString(Path.of(prefix + "-din.json"));
        assertTrue(trace.contains("aten::embedding") && trace.contains("aten::batch_norm"),
                "DIN's lookups and its Dice batch-norm are in the trace");
    }

    @Test
    void aBenchNeedsAWarmUpEpochAndOneTimedEpoch() {
        assertThrows(IllegalArgumentException.class, () -> new BackboneBench.Options(64, 1, 0, false));
    }

    @Test
    void theDefaultSetHasMovieLensShapes() {
        PreparedData data = BackboneBench.movieLensShaped();
        assertEquals(5, data.samples().recentLength);
        int train = data.samples().rows(Split.TRAIN).length;
        assertTrue(train > 55_000 && train < 90_000, "about MovieLens-100K's 71,658 training rows, got " + train);
        assertEquals(1683, data.features().itemVocabulary(), "1,682 items and padding");
    }
}
