package org.hitlbm.backbones.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.data.sample.FeatureSpace.Field;
import org.hitlbm.data.sample.FeatureSpace;

/**
 * Packs rows of CTR samples into the network's input list. Positions are fixed so every layer
 * finds its inputs by name, and follow {@link Field}: each item-owned field of the target (one
 * array each, (B)), the user-owned fields (one (B, U) array), each item-owned field of the recent
 * behaviors ((B, k) each, same order), their ratings, the padding mask, then the side input's
 * arrays when there is one (as many as it packs), then DIEN's negatives in training batches (one
 * (B, k) array per item-owned field).
 */
public final class Inputs {
    /** The fields the target item and every recent behavior have, in input order. */
    public static final List<Field> ITEM_FIELDS = Field.ofItems();
    /** The user's fields, in the column order of the {@link #USER} array. */
    public static final List<Field> USER_FIELD_LIST = Field.ofUsers();
    public static final int USER_FIELDS = USER_FIELD_LIST.size();
    public static final int USER = ITEM_FIELDS.size();
    public static final int HISTORY_RATINGS = USER + 1 + ITEM_FIELDS.size();
    public static final int HISTORY_MASK = HISTORY_RATINGS + 1;
    public static final int SIDE = HISTORY_MASK + 1;
    public static final int ITEM = target(Field.ITEM);
    public static final int HISTORY_ITEMS = history(Field.ITEM);

    private Inputs() {
    }

    /** Position of an item-owned field of the target item. */
    public static int target(Field field) {
        int at = ITEM_FIELDS.indexOf(field);
        if (at < 0) {
            throw new IllegalArgumentException(field + " is not an item field");
        }
        return at;
    }

    /** Position of an item-owned field of the recent behaviors. */
    public static int history(Field field) {
        return USER + 1 + target(field);
    }

    /** Rows {@code [from, to)} of {@code rowOrder} (positions into data.rows()). */
    public static NDList batch(NDManager manager, CtrData data, int[] rowOrder, int from, int to) {
        CtrSamples s = data.samples();
        FeatureSpace f = data.features();
        int b = to - from;
        int k = s.recentLength;
        int itemFields = ITEM_FIELDS.size();
        long[][] target = new long[itemFields][b];
        long[] user = new long[b * USER_FIELDS];
        long[][] history = new long[itemFields][b * k];
        long[] historyRatings = new long[b * k];
        float[] mask = new float[b * k];
        int[] rows = new int[b];
        for (int i = 0; i < b; i++) {
            int row = data.rows()[rowOrder[from + i]];
            rows[i] = row;
            for (int p = 0; p < itemFields; p++) {
                target[p][i] = f.id(ITEM_FIELDS.get(p), s.item[row]);
            }
            int u = s.user[row];
            for (int p = 0; p < USER_FIELDS; p++) {
                user[i * USER_FIELDS + p] = f.id(USER_FIELD_LIST.get(p), u);
            }
            for (int j = 0; j < k; j++) {
                int h = s.recentItems[row * k + j];
                for (int p = 0; p < itemFields; p++) {
                    history[p][i * k + j] = h == 0 ? 0 : f.id(ITEM_FIELDS.get(p), h);
                }
                historyRatings[i * k + j] = s.recentRatings[row * k + j];
                mask[i * k + j] = h == 0 ? 0f : 1f;
            }
        }
        NDList list = new NDList();
        for (long[] ids : target) {
            list.add(manager.create(ids, new Shape(b)));
        }
        list.add(manager.create(user, new Shape(b, USER_FIELDS)));
        for (long[] ids : history) {
            list.add(manager.create(ids, new Shape(b, k)));
        }
        list.add(manager.create(historyRatings, new Shape(b, k)));
        list.add(manager.create(mask, new Shape(b, k)));
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
     * A uniformly drawn item (its id and other item-owned fields, one array each) in place of every
     * real recent behavior, never the behavior itself: DIEN's negatives for the auxiliary loss.
     * Padding stays 0.
     */
    public static NDList negatives(NDManager manager, CtrData data, int[] rowOrder, int from, int to, java.util.Random random) {
        CtrSamples s = data.samples();
        FeatureSpace f = data.features();
        int b = to - from;
        int k = s.recentLength;
        int items = f.itemVocabulary() - 1;
        long[][] negativeIds = new long[ITEM_FIELDS.size()][b * k];
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
                for (int p = 0; p < negativeIds.length; p++) {
                    negativeIds[p][i * k + j] = f.id(ITEM_FIELDS.get(p), negative);
                }
            }
        }
        NDList list = new NDList();
        for (long[] ids : negativeIds) {
            list.add(manager.create(ids, new Shape(b, k)));
        }
        return list;
    }

    public static NDArray labels(NDManager manager, CtrData data, int[] rowOrder, int from, int to) {
        float[] y = new float[to - from];
        for (int i = 0; i < y.length; i++) {
            y[i] = data.samples().label[data.rows()[rowOrder[from + i]]];
        }
        return manager.create(y, new Shape(y.length, 1));
    }
}
