package org.hitlbm.data.prep;

import java.io.Serializable;

/**
 * One user's behaviors in time order, with label and split per behavior. Arrays are aligned and
 * owned by this object; callers must not modify them.
 */
public record UserHistory(int user, int[] items, float[] ratings, long[] timestamps, byte[] labels, byte[] splits)
        implements Serializable {

    public int size() {
        return items.length;
    }

    public Split split(int position) {
        return Split.of(splits[position]);
    }

    public int count(Split split) {
        int n = 0;
        for (byte s : splits) {
            n += s == split.code() ? 1 : 0;
        }
        return n;
    }
}
