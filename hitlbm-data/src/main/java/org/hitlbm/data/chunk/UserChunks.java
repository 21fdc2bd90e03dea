package org.hitlbm.data.chunk;

import java.io.Serializable;

/**
 * The chunks B_1..B_T of one user's history (CUBE, SPEC Eq. 1). Chunk c covers history positions
 * [start(c), end(c)). A chunk is visible to a prediction at time t only when every behavior in it
 * happened strictly before t, so no summary ever contains the target or anything after it.
 */
public record UserChunks(int user, int[] ends, long[] lastTimestamps) implements Serializable {

    public int count() {
        return ends.length;
    }

    public int start(int chunk) {
        return chunk == 0 ? 0 : ends[chunk - 1];
    }

    public int end(int chunk) {
        return ends[chunk];
    }

    public int length(int chunk) {
        return end(chunk) - start(chunk);
    }

    /** How many leading chunks end strictly before {@code time} (chunks are in time order). */
    public int visibleBefore(long time) {
        int lo = 0;
        int hi = lastTimestamps.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lastTimestamps[mid] < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
