package org.hitlbm.data.sample;

import java.io.Serializable;
import java.util.stream.IntStream;
import org.hitlbm.data.prep.Split;

/**
 * Column-wise CTR samples: one per behavior of every kept user. Sample i predicts whether the
 * user likes {@code item[i]} at {@code timestamp[i]} from what happened strictly before: the
 * last k behaviors ({@code recentItems[i*k .. i*k+k)}, oldest first, left-padded with 0) and the
 * first {@code visibleChunks[i]} CUBE chunks of the user's history.
 */
public final class CtrSamples implements Serializable {
    public final int size;
    public final int recentLength;
    public final int[] user;
    public final int[] item;
    public final int[] label;
    public final byte[] split;
    public final long[] timestamp;
    /** Position of the target in the user's history (index into UserHistory arrays). */
    public final int[] position;
    public final int[] recentItems;
    public final byte[] recentRatings;
    public final int[] visibleChunks;

    CtrSamples(int size, int recentLength) {
        this.size = size;
        this.recentLength = recentLength;
        user = new int[size];
        item = new int[size];
        label = new int[size];
        split = new byte[size];
        timestamp = new long[size];
        position = new int[size];
        recentItems = new int[size * recentLength];
        recentRatings = new byte[size * recentLength];
        visibleChunks = new int[size];
    }

    /** Row indices of one split, in sample order. */
    public int[] rows(Split which) {
        return IntStream.range(0, size).filter(i -> split[i] == which.code()).toArray();
    }

    /** Number of real (non-padding) recent behaviors of sample i. */
    public int recentCount(int i) {
        int n = 0;
        for (int j = 0; j < recentLength; j++) {
            n += recentItems[i * recentLength + j] != 0 ? 1 : 0;
        }
        return n;
    }
}
