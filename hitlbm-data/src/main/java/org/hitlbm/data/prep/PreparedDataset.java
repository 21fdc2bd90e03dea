package org.hitlbm.data.prep;

import java.io.Serializable;
import java.util.List;
import org.hitlbm.data.RawDataset;

/**
 * A dataset after filtering, labelling and splitting: per-user chronological histories.
 *
 * @param raw             the dataset as read (catalogue and profiles are looked up here)
 * @param config          the settings that produced this
 * @param histories       kept users, ascending user id
 * @param validationStart first timestamp of the validation period (global-time split), else -1
 * @param testStart       first timestamp of the test period (global-time split), else -1
 */
public record PreparedDataset(RawDataset raw, PreprocessConfig config, List<UserHistory> histories,
                              long validationStart, long testStart) implements Serializable {

    public int numUsers() {
        return histories.size();
    }

    /** Distinct items that occur in the kept histories. */
    public int numActiveItems() {
        boolean[] seen = new boolean[raw.numItems() + 1];
        int n = 0;
        for (UserHistory h : histories) {
            for (int item : h.items()) {
                if (!seen[item]) {
                    seen[item] = true;
                    n++;
                }
            }
        }
        return n;
    }

    public long count(Split split) {
        long n = 0;
        for (UserHistory h : histories) {
            n += h.count(split);
        }
        return n;
    }

    public double positiveRate() {
        long pos = 0;
        long all = 0;
        for (UserHistory h : histories) {
            for (byte label : h.labels()) {
                pos += label;
                all++;
            }
        }
        return all == 0 ? 0 : (double) pos / all;
    }
}
