package org.hitlbm.experiments.pipeline;

import java.nio.file.Path;
import java.util.List;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.cache.DiskCache;
import org.hitlbm.experiments.spec.ResolvedConfig;

/**
 * dataset to PreparedData: preprocessing, splits, chunks and CTR samples (SIM's retrieved
 * behaviors among them, {@code retrieval.behaviors}), read from {@code paths.cache/prepared/<key>.bin.gz}
 * when a run before prepared the same.
 */
final class PrepareStage implements Stage<PreparedData> {
    @Override
    public String name() {
        return "prepare";
    }

    @Override
    public List<String> settings() {
        return List.of("dataset", "retrieval", "chunking");
    }

    /** The cache file's name: DataPipeline's key of the data's fingerprint, the preprocessing, chunks and sample shape. */
    @Override
    public String cacheKey(ResolvedConfig config) {
        DataSource source = DataSource.from(config);
        return pipeline(source).cacheKey(source.description());
    }

    @Override
    public PreparedData compute(StageContext ctx) {
        DataSource source = DataSource.from(ctx.config());
        long start = System.nanoTime();
        DiskCache.Lookup<PreparedData> lookup = pipeline(source).prepareCached(new DiskCache(Path.of(ctx.config().string("paths.cache"))),
                source.description(), source.reader());
        ctx.reporter().info(String.format("data %s in %.1fs (%s): %s", lookup.hit() ? "from cache" : "prepared",
                (System.nanoTime() - start) / 1e9, lookup.file(), lookup.value().stats()));
        return lookup.value();
    }

    private static DataPipeline pipeline(DataSource source) {
        return new DataPipeline(source.preprocess(), source.chunking(), source.recentLength(), source.retrieved());
    }
}
