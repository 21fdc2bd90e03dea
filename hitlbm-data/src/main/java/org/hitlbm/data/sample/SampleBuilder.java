package org.hitlbm.data.sample;

import java.util.List;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.PreparedDataset;
import org.hitlbm.data.prep.UserHistory;

/** Turns histories and their chunks into CTR samples, with no look-ahead. */
public final class SampleBuilder {
    private final int recentLength;

    /** @param recentLength k, the recent behaviors each sample sees (default 5, as in KAR's features) */
    public SampleBuilder(int recentLength) {
        if (recentLength < 0) {
            throw new IllegalArgumentException("recent behaviors must be >= 0, got " + recentLength);
        }
        this.recentLength = recentLength;
    }

    /** @param chunks one entry per history, in the same order */
    public CtrSamples build(PreparedDataset data, List<UserChunks> chunks) {
        int total = data.histories().stream().mapToInt(UserHistory::size).sum();
        CtrSamples out = new CtrSamples(total, recentLength);
        int row = 0;
        for (int u = 0; u < data.histories().size(); u++) {
            UserHistory h = data.histories().get(u);
            UserChunks c = chunks.get(u);
            if (c.user() != h.user()) {
                throw new IllegalArgumentException("chunks of user " + c.user() + " given for user " + h.user());
            }
            for (int p = 0; p < h.size(); p++, row++) {
                long t = h.timestamps()[p];
                out.user[row] = h.user();
                out.item[row] = h.items()[p];
                out.label[row] = h.labels()[p];
                out.split[row] = h.splits()[p];
                out.timestamp[row] = t;
                out.position[row] = p;
                out.visibleChunks[row] = c.visibleBefore(t);
                fillRecent(out, row, h, p);
            }
        }
        return out;
    }

    /** Behaviors sharing the target's second are not "before" it, so they are skipped too. */
    private void fillRecent(CtrSamples out, int row, UserHistory h, int p) {
        long t = h.timestamps()[p];
        int end = p;
        while (end > 0 && h.timestamps()[end - 1] >= t) {
            end--;
        }
        int start = Math.max(0, end - recentLength);
        int offset = row * recentLength + (recentLength - (end - start));
        for (int q = start; q < end; q++, offset++) {
            out.recentItems[offset] = h.items()[q];
            out.recentRatings[offset] = (byte) FeatureSpace.ratingId(h.ratings()[q]);
        }
    }
}
