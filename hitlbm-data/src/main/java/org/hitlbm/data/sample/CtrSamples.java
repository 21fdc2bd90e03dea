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

    /**
     * Samples from their columns (as a cache entry stores them); every column must have {@code size}
     * rows, the recent ones {@code size * recentLength}.
     */
    public CtrSamples(int recentLength, int[] user, int[] item, int[] label, byte[] split, long[] timestamp,
                      int[] position, int[] recentItems, byte[] recentRatings, int[] visibleChunks) {
        this.size = user.length;
        this.recentLength = recentLength;
        long recent = (long) size * recentLength;
        if (recentLength < 0 || item.length != size || label.length != size || split.length != size
                || timestamp.length != size || position.length != size || visibleChunks.length != size
                || recentItems.length != recent || recentRatings.length != recent) {
            throw new IllegalArgumentException("CTR sample columns of unequal length");
        }
        this.user = user;
        this.item = item;
        this.label = label;
        this.split = split;
        this.timestamp = timestamp;
        this.position = position;
        this.recentItems = recentItems;
        this.recentRatings = recentRatings;
        this.visibleChunks = visibleChunks;
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
