package org.hitlbm.data.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.ChunkMode;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.SplitMode;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every sample of a generated dataset sees only its past: recent behaviors and visible chunks all
 * happened strictly before the target, and nothing from the past that it may see is withheld.
 */
class LeakageTest {

    @ParameterizedTest
    @CsvSource({"COUNT, false", "COUNT, true", "MONTH, false", "MONTH, true"})
    void noSampleSeesItsTargetOrAnythingLater(ChunkMode mode, boolean roundToDays) {
        SyntheticConfig config = SyntheticConfig.defaults().withUsers(60).withItems(200).withBehaviorsPerUser(60, 140);
        RawDataset raw = SyntheticGenerator.generate(config);
        if (roundToDays) {
            raw = withTimestampsRoundedToDays(raw); // many behaviors share a timestamp, as in real logs
        }
        ChunkingConfig chunking = mode == ChunkMode.COUNT ? ChunkingConfig.byCount(20) : ChunkingConfig.byMonth();
        int k = 5;
        PreparedData data = new DataPipeline(new PreprocessConfig(50, 0, 3, SplitMode.GLOBAL_TIME, 0.1, 0.1), chunking, k)
                .prepare(raw);
        CtrSamples s = data.samples();
        assertTrue(s.size > 3000, "enough samples to mean something: " + s.size);
        int row = 0;
        int withChunks = 0;
        for (int u = 0; u < data.dataset().histories().size(); u++) {
            UserHistory h = data.dataset().histories().get(u);
            UserChunks chunks = data.chunks().get(u);
            for (int p = 0; p < h.size(); p++, row++) {
                long t = s.timestamp[row];
                assertEquals(h.timestamps()[p], t);
                assertEquals(h.items()[p], s.item[row]);
                // recent behaviors: exactly the last k behaviors strictly before t, oldest first
                int expectedEnd = p;
                while (expectedEnd > 0 && h.timestamps()[expectedEnd - 1] >= t) {
                    expectedEnd--;
                }
                int expectedCount = Math.min(k, expectedEnd);
                assertEquals(expectedCount, s.recentCount(row));
                for (int j = 0; j < expectedCount; j++) {
                    int q = expectedEnd - expectedCount + j;
                    assertTrue(h.timestamps()[q] < t, "recent behavior at or after the target");
                    assertEquals(h.items()[q], s.recentItems[row * k + (k - expectedCount) + j]);
                }
                // chunks: every visible chunk ends strictly before t, the next one does not
                int visible = s.visibleChunks[row];
                for (int c = 0; c < visible; c++) {
                    for (int q = chunks.start(c); q < chunks.end(c); q++) {
                        assertTrue(h.timestamps()[q] < t, "a visible chunk holds the target's time or later");
                        assertTrue(q < p, "a visible chunk holds the target itself or a later behavior");
                    }
                }
                if (visible < chunks.count()) {
                    assertTrue(chunks.lastTimestamps()[visible] >= t, "a fully past chunk was withheld");
                }
                withChunks += visible > 0 ? 1 : 0;
            }
        }
        assertEquals(s.size, row);
        assertTrue(withChunks > s.size / 2, "most samples have some lifelong history");
    }

    private static RawDataset withTimestampsRoundedToDays(RawDataset raw) {
        List<Interaction> rounded = raw.interactions().stream()
                .map(x -> new Interaction(x.user(), x.item(), x.rating(), x.timestamp() / 86_400 * 86_400)).toList();
        return new RawDataset(raw.name(), raw.domain(), raw.items(), raw.users(), rounded, null);
    }
}
