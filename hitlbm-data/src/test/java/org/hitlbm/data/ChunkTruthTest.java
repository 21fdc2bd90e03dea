package org.hitlbm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.api.Test;

class ChunkTruthTest {
    @Test
    void syntheticChunksCarryTheirTrueInterestAndItMovesOverALifetime() {
        PreparedData data = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(30), 5)
                .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(30).withItems(120)));
        int changed = 0;
        for (int u = 0; u < data.chunks().size(); u++) {
            float[] first = data.chunkTruth(u, 0).orElseThrow();
            float[] last = data.chunkTruth(u, data.chunks().get(u).count() - 1).orElseThrow();
            float sum = 0;
            double distance = 0;
            for (int g = 0; g < first.length; g++) {
                sum += first[g];
                distance += Math.abs(first[g] - last[g]);
            }
            assertEquals(1.0, sum, 1e-4, "a distribution over genres");
            changed += distance > 0.2 ? 1 : 0;
        }
        assertTrue(changed > data.chunks().size() / 2, "most users' interests change between first and last chunk: " + changed);
        String text = data.dataset().raw().truth().orElseThrow().describe(data.chunkTruth(0, 0).orElseThrow());
        assertTrue(text.startsWith("likes ") && text.contains("%"), text);
    }

    @Test
    void realDataHasNoTruth() {
        RawDataset raw = TinyData.of(1, 3, new long[][] {{1, 1, 5, 1}, {1, 2, 4, 2}, {1, 3, 1, 3}});
        PreparedData data = new DataPipeline(new org.hitlbm.data.prep.PreprocessConfig(1, 0, 3,
                org.hitlbm.data.prep.SplitMode.GLOBAL_TIME, 0.3, 0), ChunkingConfig.byCount(2), 2).prepare(raw);
        assertTrue(data.chunkTruth(0, 0).isEmpty());
    }
}
