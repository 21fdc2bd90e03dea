package org.hitlbm.backbones.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.data.sample.FeatureSpace;

/**
 * Packs rows of CTR samples into the network's input list. Positions are fixed so every layer
 * finds its inputs by name: item, category, user fields, recent items / categories / ratings,
 * the padding mask, then the side input's arrays when there is one (as many as it packs), then
 * DIEN's negatives in training batches.
 */
public final class Inputs {
    public static final int ITEM = 0;
    public static final int CATEGORY = 1;
    public static final int USER = 2;
    public static final int HISTORY_ITEMS = 3;
    public static final int HISTORY_CATEGORIES = 4;
    public static final int HISTORY_RATINGS = 5;
    public static final int HISTORY_MASK = 6;
    public static final int SIDE = 7;
    public static final int USER_FIELDS = 3;

    private Inputs() {
    }

    /** Rows {@code [from, to)} of {@code rowOrder} (positions into data.rows()). */
    public static NDList batch(NDManager manager, CtrData data, int[] rowOrder, int from, int to) {
        CtrSamples s = data.samples();
        FeatureSpace f = data.features();
        int b = to - from;
        int k = s.recentLength;
        long[] item = new long[b];
        long[] category = new long[b];
        long[] user = new long[b * USER_FIELDS];
        long[] historyItems = new long[b * k];
        long[] historyCategories = new long[b * k];
        long[] historyRatings = new long[b * k];
        float[] mask = new float[b * k];
        int[] rows = new int[b];
        for (int i = 0; i < b; i++) {
            int row = data.rows()[rowOrder[from + i]];
            rows[i] = row;
            item[i] = s.item[row];
            category[i] = f.category(s.item[row]);
            int u = s.user[row];
            user[i * USER_FIELDS] = f.gender(u);
            user[i * USER_FIELDS + 1] = f.age(u);
            user[i * USER_FIELDS + 2] = f.occupation(u);
            for (int j = 0; j < k; j++) {
                int h = s.recentItems[row * k + j];
                historyItems[i * k + j] = h;
                historyCategories[i * k + j] = h == 0 ? 0 : f.category(h);
                historyRatings[i * k + j] = s.recentRatings[row * k + j];
                mask[i * k + j] = h == 0 ? 0f : 1f;
            }
        }
        NDList list = new NDList(
                manager.create(item, new Shape(b)),
                manager.create(category, new Shape(b)),
                manager.create(user, new Shape(b, USER_FIELDS)),
                manager.create(historyItems, new Shape(b, k)),
                manager.create(historyCategories, new Shape(b, k)),
                manager.create(historyRatings, new Shape(b, k)),
                manager.create(mask, new Shape(b, k)));
        if (data.side() != null) {
            list.addAll(data.side().pack(manager, s, rows));
        }
        return list;
    }

    /** Where negative behaviors start in the input list: after the side input's arrays. */
    public static int negativesIndex(int sideArrays) {
        return SIDE + sideArrays;
    }

    /**
     * A uniformly drawn item (and its category) in place of every real recent behavior, never the
     * behavior itself: DIEN's negatives for the auxiliary loss. Padding stays 0.
     */
    public static NDList negatives(NDManager manager, CtrData data, int[] rowOrder, int from, int to, java.util.Random random) {
        CtrSamples s = data.samples();
        FeatureSpace f = data.features();
        int b = to - from;
        int k = s.recentLength;
        int items = f.itemVocabulary() - 1;
        long[] negItems = new long[b * k];
        long[] negCategories = new long[b * k];
        for (int i = 0; i < b; i++) {
            int row = data.rows()[rowOrder[from + i]];
            for (int j = 0; j < k; j++) {
                int positive = s.recentItems[row * k + j];
                if (positive == 0 || items < 2) {
                    continue;
                }
                int negative = 1 + random.nextInt(items - 1);
                if (negative >= positive) {
                    negative++; // skip the positive: uniform over the other items
                }
                negItems[i * k + j] = negative;
                negCategories[i * k + j] = f.category(negative);
            }
        }
        return new NDList(manager.create(negItems, new Shape(b, k)), manager.create(negCategories, new Shape(b, k)));
    }

    public static NDArray labels(NDManager manager, CtrData data, int[] rowOrder, int from, int to) {
        float[] y = new float[to - from];
        for (int i = 0; i < y.length; i++) {
            y[i] = data.samples().label[data.rows()[rowOrder[from + i]]];
        }
        return manager.create(y, new Shape(y.length, 1));
    }
}
