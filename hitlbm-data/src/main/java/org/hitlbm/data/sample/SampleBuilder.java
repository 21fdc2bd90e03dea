package org.hitlbm.data.sample;

import java.util.List;
import java.util.function.IntUnaryOperator;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.PreparedDataset;
import org.hitlbm.data.prep.UserHistory;

/**
 * Turns histories and their chunks into CTR samples, with no look-ahead. Each sample's behavior
 * slots hold, oldest first, up to {@code retrieved} behaviors found by SIM's hard search (same
 * category as the target, the newest such ones from the whole earlier history, outside the recent
 * window), then the {@code recent} newest behaviors; empty slots are padding (item 0).
 */
public final class SampleBuilder {
    private final int recent;
    private final int retrieved;
    private final IntUnaryOperator categoryOf;
    private final int recentLength;

    /** @param recentLength k, the recent behaviors each sample sees (default 5, as in KAR's features) */
    public SampleBuilder(int recentLength) {
        this(recentLength, 0, item -> 0);
    }

    /** @param categoryOf an item's category id, for SIM's retrieval (unused when {@code retrieved} is 0) */
    public SampleBuilder(int recent, int retrieved, IntUnaryOperator categoryOf) {
        if (recent < 0 || retrieved < 0) {
            throw new IllegalArgumentException("recent and retrieved behaviors must be >= 0, got " + recent + " and " + retrieved);
        }
        this.recent = recent;
        this.retrieved = retrieved;
        this.categoryOf = categoryOf;
        this.recentLength = recent + retrieved;
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
        int start = Math.max(0, end - recent);
        int offset = row * recentLength + (recentLength - (end - start));
        for (int q = start; q < end; q++, offset++) {
            put(out, offset, h, q);
        }
        if (retrieved > 0) {
            fillRetrieved(out, row, h, h.items()[p], start);
        }
    }

    /** SIM hard search: the newest behaviors before {@code before} whose category is the target's. */
    private void fillRetrieved(CtrSamples out, int row, UserHistory h, int target, int before) {
        int category = categoryOf.applyAsInt(target);
        int[] found = new int[retrieved];
        int n = 0;
        for (int q = before - 1; q >= 0 && n < retrieved; q--) {
            if (categoryOf.applyAsInt(h.items()[q]) == category) {
                found[n++] = q;
            }
        }
        int offset = row * recentLength + (retrieved - n); // right-aligned in the retrieved slots, oldest first
        for (int i = n - 1; i >= 0; i--, offset++) {
            put(out, offset, h, found[i]);
        }
    }

    private static void put(CtrSamples out, int offset, UserHistory h, int q) {
        out.recentItems[offset] = h.items()[q];
        out.recentRatings[offset] = (byte) FeatureSpace.ratingId(h.ratings()[q]);
    }
}
