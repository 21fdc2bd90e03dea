package org.hitlbm.data;

import java.io.Serializable;
import java.util.List;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.PreparedDataset;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.data.sample.FeatureSpace;

/**
 * Everything the models need from the data side, produced once per data setting and cached:
 * split histories, their CUBE chunks, the CTR samples and the feature space.
 *
 * @param chunks one per history, same order as {@code dataset.histories()}
 */
public record PreparedData(PreparedDataset dataset, ChunkingConfig chunking, List<UserChunks> chunks,
                           CtrSamples samples, FeatureSpace features) implements Serializable {

    /**
     * The true interest behind one chunk of a synthetic dataset: the generator's genre weights
     * averaged over the chunk's behaviors (SPEC, "The synthetic world"). Empty for real data.
     *
     * @param historyIndex position in {@code dataset.histories()}
     */
    public java.util.Optional<float[]> chunkTruth(int historyIndex, int chunk) {
        return dataset.raw().truth().map(truth -> {
            org.hitlbm.data.prep.UserHistory h = dataset.histories().get(historyIndex);
            UserChunks c = chunks.get(historyIndex);
            long[] times = java.util.Arrays.copyOfRange(h.timestamps(), c.start(chunk), c.end(chunk));
            return truth.meanInterest(h.user(), times);
        });
    }

    public DataStats stats() {
        int max = 0;
        long sum = 0;
        for (UserChunks c : chunks) {
            max = Math.max(max, c.count());
            sum += c.count();
        }
        return new DataStats(dataset.raw().name(), dataset.numUsers(), dataset.numActiveItems(),
                dataset.count(Split.TRAIN), dataset.count(Split.VALIDATION), dataset.count(Split.TEST),
                dataset.positiveRate(), max, chunks.isEmpty() ? 0 : (double) sum / chunks.size(),
                dataset.raw().warnings());
    }

    /**
     * Sizes worth reporting for a prepared dataset, and what the reader repaired.
     *
     * @param warnings {@link RawDataset#warnings()}; printed after the sizes so the one summary line says it
     */
    public record DataStats(String dataset, int users, int items, long train, long validation, long test,
                            double positiveRate, int maxChunks, double meanChunks, List<String> warnings)
            implements Serializable {
        public DataStats {
            warnings = List.copyOf(warnings);
        }

        @Override
        public String toString() {
            String sizes = String.format("%s: %d users, %d items, train/val/test %d/%d/%d, positive rate %.3f, chunks per user max %d mean %.1f",
                    dataset, users, items, train, validation, test, positiveRate, maxChunks, meanChunks);
            return warnings.isEmpty() ? sizes : sizes + "; data warnings: " + String.join("; ", warnings);
        }
    }
}
