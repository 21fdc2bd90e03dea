package org.hitlbm.data.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary layout keeps everything the models read, so a cache hit is the same data as a fresh run. */
class PreparedDataCodecTest {
    @TempDir
    Path dir;

    @Test
    void everyFieldSurvivesTheRoundTrip() throws Exception {
        RawDataset generated = SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(25).withItems(90));
        RawDataset raw = new RawDataset(generated.name(), generated.domain(), generated.items(), generated.users(),
                generated.interactions(), generated.truth().orElseThrow(), List.of("x.dat: 1 thing repaired (first at line 1)"));
        DataPipeline pipeline = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byMonth(), 5, 3);
        PreparedData fresh = pipeline.prepare(raw);
        assertEquals(25, fresh.dataset().numUsers(), "every user kept, so every history is compared");
        DiskCache cache = new DiskCache(dir);
        cache.getOrCompute("prepared", "k", PreparedDataCodec.INSTANCE, () -> fresh);

        DiskCache.Lookup<PreparedData> lookup = cache.getOrCompute("prepared", "k", PreparedDataCodec.INSTANCE, () -> {
            throw new AssertionError("must come from disk");
        });

        assertTrue(lookup.hit());
        PreparedData back = lookup.value();
        RawDataset r = back.dataset().raw();
        assertEquals(raw.name(), r.name());
        assertEquals(raw.domain(), r.domain());
        assertEquals(raw.items(), r.items());
        assertEquals(raw.users(), r.users());
        assertEquals(raw.interactions(), r.interactions());
        assertEquals(raw.warnings(), r.warnings());
        assertEquals(raw.truth().get().genres(), r.truth().get().genres());
        assertEquals(fresh.dataset().config(), back.dataset().config());
        assertEquals(fresh.dataset().validationStart(), back.dataset().validationStart());
        assertEquals(fresh.dataset().testStart(), back.dataset().testStart());
        assertEquals(fresh.chunking(), back.chunking());
        assertEquals(fresh.dataset().histories().size(), back.dataset().histories().size());
        for (int h = 0; h < fresh.dataset().histories().size(); h++) {
            UserHistory a = fresh.dataset().histories().get(h);
            UserHistory b = back.dataset().histories().get(h);
            assertEquals(a.user(), b.user());
            assertArrayEquals(a.items(), b.items());
            assertArrayEquals(a.ratings(), b.ratings());
            assertArrayEquals(a.timestamps(), b.timestamps());
            assertArrayEquals(a.labels(), b.labels());
            assertArrayEquals(a.splits(), b.splits());
            assertArrayEquals(fresh.chunks().get(h).ends(), back.chunks().get(h).ends());
            assertArrayEquals(fresh.chunks().get(h).lastTimestamps(), back.chunks().get(h).lastTimestamps());
            for (int c = 0; c < fresh.chunks().get(h).count(); c++) {
                assertArrayEquals(fresh.chunkTruth(h, c).orElseThrow(), back.chunkTruth(h, c).orElseThrow());
            }
        }
        CtrSamples a = fresh.samples();
        CtrSamples b = back.samples();
        assertEquals(a.size, b.size);
        assertEquals(a.recentLength, b.recentLength);
        assertArrayEquals(a.user, b.user);
        assertArrayEquals(a.item, b.item);
        assertArrayEquals(a.label, b.label);
        assertArrayEquals(a.split, b.split);
        assertArrayEquals(a.timestamp, b.timestamp);
        assertArrayEquals(a.position, b.position);
        assertArrayEquals(a.recentItems, b.recentItems);
        assertArrayEquals(a.recentRatings, b.recentRatings);
        assertArrayEquals(a.visibleChunks, b.visibleChunks);
        assertEquals(fresh.features().itemVocabulary(), back.features().itemVocabulary());
        assertEquals(fresh.features().categories().size(), back.features().categories().size());
        for (int item = 1; item < fresh.features().itemVocabulary(); item++) {
            assertEquals(fresh.features().category(item), back.features().category(item));
        }
        for (int user = 1; user < fresh.features().userVocabulary(); user++) {
            assertEquals(fresh.features().gender(user), back.features().gender(user));
            assertEquals(fresh.features().age(user), back.features().age(user));
        }
        assertEquals(fresh.stats(), back.stats());
        assertTrue(Files.size(lookup.file()) > 0);
    }
}
