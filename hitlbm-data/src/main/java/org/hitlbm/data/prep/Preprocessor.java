package org.hitlbm.data.prep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.RawDataset;

/** Filters, labels and splits a raw dataset (SPEC, Data; paper §4.1.1). */
public final class Preprocessor {
    private final PreprocessConfig config;

    public Preprocessor(PreprocessConfig config) {
        this.config = config;
    }

    public PreparedDataset prepare(RawDataset raw) {
        List<Interaction> kept = filter(raw);
        List<List<Interaction>> byUser = groupByUserInTimeOrder(raw.numUsers(), kept);
        long validationStart = -1;
        long testStart = -1;
        if (config.splitMode() == SplitMode.GLOBAL_TIME) {
            long[] times = kept.stream().mapToLong(Interaction::timestamp).sorted().toArray();
            testStart = quantileStart(times, 1 - config.testFraction());
            int trainCount = lowerBound(times, testStart);
            validationStart = config.validationFraction() == 0 ? testStart
                    : Math.min(testStart, quantileStart(Arrays.copyOf(times, trainCount), 1 - config.validationFraction()));
        }
        List<UserHistory> histories = new ArrayList<>();
        for (int user = 1; user <= raw.numUsers(); user++) {
            List<Interaction> events = byUser.get(user);
            if (!events.isEmpty()) {
                histories.add(history(user, events, validationStart, testStart));
            }
        }
        return new PreparedDataset(raw, config, List.copyOf(histories), validationStart, testStart);
    }

    /** Item filter first (over all ratings), then the user filter over what is left. */
    private List<Interaction> filter(RawDataset raw) {
        int[] itemCounts = new int[raw.numItems() + 1];
        for (Interaction x : raw.interactions()) {
            itemCounts[x.item()]++;
        }
        int[] userCounts = new int[raw.numUsers() + 1];
        List<Interaction> itemKept = new ArrayList<>();
        for (Interaction x : raw.interactions()) {
            if (itemCounts[x.item()] >= config.minItemInteractions()) {
                itemKept.add(x);
                userCounts[x.user()]++;
            }
        }
        List<Interaction> kept = new ArrayList<>();
        for (Interaction x : itemKept) {
            if (userCounts[x.user()] >= config.minUserInteractions()) {
                kept.add(x);
            }
        }
        return kept;
    }

    /** Stable sort keeps file order among equal timestamps, so results do not depend on the JVM. */
    private static List<List<Interaction>> groupByUserInTimeOrder(int numUsers, List<Interaction> kept) {
        List<List<Interaction>> byUser = new ArrayList<>(numUsers + 1);
        for (int u = 0; u <= numUsers; u++) {
            byUser.add(new ArrayList<>());
        }
        for (Interaction x : kept) {
            byUser.get(x.user()).add(x);
        }
        for (List<Interaction> events : byUser) {
            events.sort(Comparator.comparingLong(Interaction::timestamp));
        }
        return byUser;
    }

    private UserHistory history(int user, List<Interaction> events, long validationStart, long testStart) {
        int n = events.size();
        int[] items = new int[n];
        float[] ratings = new float[n];
        long[] timestamps = new long[n];
        byte[] labels = new byte[n];
        byte[] splits = new byte[n];
        int testFrom;
        int validationFrom;
        if (config.splitMode() == SplitMode.GLOBAL_TIME) {
            testFrom = n;
            validationFrom = n;
            for (int i = n - 1; i >= 0; i--) {
                long t = events.get(i).timestamp();
                if (t >= testStart) {
                    testFrom = i;
                }
                if (t >= validationStart) {
                    validationFrom = i;
                }
            }
        } else {
            int nTest = (int) Math.round(n * config.testFraction());
            int nValidation = (int) Math.round((n - nTest) * config.validationFraction());
            testFrom = n - nTest;
            validationFrom = testFrom - nValidation;
        }
        for (int i = 0; i < n; i++) {
            Interaction x = events.get(i);
            items[i] = x.item();
            ratings[i] = x.rating();
            timestamps[i] = x.timestamp();
            labels[i] = (byte) (config.isPositive(x.rating()) ? 1 : 0);
            Split split = i >= testFrom ? Split.TEST : i >= validationFrom ? Split.VALIDATION : Split.TRAIN;
            splits[i] = split.code();
        }
        return new UserHistory(user, items, ratings, timestamps, labels, splits);
    }

    /**
     * The timestamp at the given quantile of sorted times; every event at or after it belongs to
     * the later period, so events sharing one second never straddle the cut.
     */
    static long quantileStart(long[] sortedTimes, double quantile) {
        if (sortedTimes.length == 0) {
            return Long.MAX_VALUE;
        }
        int index = (int) Math.floor(sortedTimes.length * quantile);
        return index >= sortedTimes.length ? Long.MAX_VALUE : sortedTimes[index];
    }

    private static int lowerBound(long[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
