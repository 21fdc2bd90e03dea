package org.hitlbm.data.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCacheTest {
    @TempDir
    Path dir;

    @Test
    void secondPreparationComesFromDiskWithoutReadingTheSource() {
        SyntheticConfig config = SyntheticConfig.defaults().withUsers(30).withItems(100);
        AtomicInteger reads = new AtomicInteger();
        DataPipeline pipeline = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(50), 5);
        DiskCache cache = new DiskCache(dir);
        DiskCache.Lookup<PreparedData> first = pipeline.prepareCached(cache, "synthetic " + config, () -> {
            reads.incrementAndGet();
            return SyntheticGenerator.generate(config);
        });
        DiskCache.Lookup<PreparedData> second = pipeline.prepareCached(cache, "synthetic " + config, () -> {
            reads.incrementAndGet();
            return SyntheticGenerator.generate(config);
        });
        assertFalse(first.hit());
        assertTrue(second.hit());
        assertEquals(1, reads.get());
        assertArrayEquals(first.value().samples().item, second.value().samples().item);
        assertArrayEquals(first.value().samples().visibleChunks, second.value().samples().visibleChunks);
        assertEquals(first.value().stats(), second.value().stats());
    }

    @Test
    void differentSettingsGetDifferentKeys() {
        SyntheticConfig config = SyntheticConfig.defaults().withUsers(20).withItems(80);
        DiskCache cache = new DiskCache(dir);
        Path a = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(50), 5)
                .prepareCached(cache, "s", () -> SyntheticGenerator.generate(config)).file();
        Path b = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(40), 5)
                .prepareCached(cache, "s", () -> SyntheticGenerator.generate(config)).file();
        assertNotEquals(a, b);
    }

    @Test
    void aDamagedEntryIsRecomputedAndNoTemporaryFilesRemain() throws Exception {
        DiskCache cache = new DiskCache(dir);
        Path file = cache.getOrCompute("ns", "k", String.class, () -> "value").file();
        Files.write(file, new byte[] {1, 2, 3}); // as if a disk error or a foreign writer mangled it
        DiskCache.Lookup<String> again = cache.getOrCompute("ns", "k", String.class, () -> "recomputed");
        assertFalse(again.hit());
        assertEquals("recomputed", again.value());
        assertEquals("recomputed", cache.getOrCompute("ns", "k", String.class, () -> "never").value());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "only the entry itself, no .tmp leftovers");
        }
    }
}
