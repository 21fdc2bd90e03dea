package org.hitlbm.experiments.run;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.cache.DiskCache;
import org.hitlbm.experiments.spec.ResolvedConfig;

/** Prepared data for a config: from memory (same JVM), the disk cache, or prepared now. */
public final class DataLoader {
    private final Map<String, PreparedData> inMemory = new HashMap<>();
    private final Consumer<String> log;

    public DataLoader(Consumer<String> log) {
        this.log = log;
    }

    public PreparedData load(ResolvedConfig config) {
        DataSource source = DataSource.from(config);
        String memoryKey = source.description() + source.preprocess() + source.chunking() + source.recentLength() + "/" + source.retrieved();
        PreparedData cached = inMemory.get(memoryKey);
        if (cached != null) {
            return cached;
        }
        long start = System.nanoTime();
        DataPipeline pipeline = new DataPipeline(source.preprocess(), source.chunking(), source.recentLength(), source.retrieved());
        DiskCache.Lookup<PreparedData> lookup = pipeline.prepareCached(new DiskCache(Path.of(config.string("paths.cache"))),
                source.description(), source.reader());
        log.accept(String.format("data %s in %.1fs (%s): %s", lookup.hit() ? "from cache" : "prepared",
                (System.nanoTime() - start) / 1e9, lookup.file(), lookup.value().stats()));
        inMemory.put(memoryKey, lookup.value());
        return lookup.value();
    }
}
