package org.hitlbm.data.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.SplitMode;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.api.Test;

/**
 * SIM's hard search: the retrieved slots hold exactly the newest earlier behaviors of the target's
 * category that are not already among the recent ones, oldest first, and never the target or later.
 */
class SimRetrievalTest {

    @Test
    void retrievedSlotsHoldTheNewestEarlierBehaviorsOfTheTargetsCategory() {
        RawDataset raw = SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(40).withItems(200).withBehaviorsPerUser(60, 120));
        int k = 5;
        int r = 8;
        PreparedData data = new DataPipeline(new PreprocessConfig(50, 0, 3, SplitMode.GLOBAL_TIME, 0.1, 0.1),
                ChunkingConfig.byCount(20), k, r).prepare(raw);
        PreparedData plain = new DataPipeline(new PreprocessConfig(50, 0, 3, SplitMode.GLOBAL_TIME, 0.1, 0.1),
                ChunkingConfig.byCount(20), k).prepare(raw);
        CtrSamples s = data.samples();
        FeatureSpace f = data.features();
        assertEquals(k + r, s.recentLength);
        int row = 0;
        long filled = 0;
        for (UserHistory h : data.dataset().histories()) {
            for (int p = 0; p < h.size(); p++, row++) {
                int end = p;
                while (end > 0 && h.timestamps()[end - 1] >= h.timestamps()[p]) {
                    end--;
                }
                int recentStart = Math.max(0, end - k);
                int category = f.category(h.items()[p]);
                java.util.List<Integer> expected = new java.util.ArrayList<>();
                for (int q = recentStart - 1; q >= 0 && expected.size() < r; q--) {
                    if (f.category(h.items()[q]) == category) {
                        expected.add(0, h.items()[q]);
                    }
                }
                for (int j = 0; j < r; j++) {
                    int slot = s.recentItems[row * s.recentLength + j];
                    int e = j - (r - expected.size());
                    assertEquals(e < 0 ? 0 : expected.get(e), slot, "row " + row + " retrieved slot " + j);
                    filled += slot != 0 ? 1 : 0;
                }
                // the recent slots are those of the plain samples
                for (int j = 0; j < k; j++) {
                    assertEquals(plain.samples().recentItems[row * k + j], s.recentItems[row * s.recentLength + r + j]);
                }
            }
        }
        assertTrue(filled > row, "retrieval found behaviors for most samples: " + filled + " slots over " + row + " rows");
    }
}
