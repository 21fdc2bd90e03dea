package org.hitlbm.data.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hitlbm.data.DataFormatException;
import org.hitlbm.data.Interaction;

/**
 * The rating rows of one file, checked as they are read and de-duplicated at the end, the same
 * way for every dataset:
 * <ul>
 *   <li>a rating outside the dataset's scale, or a negative timestamp, is a
 *       {@link DataFormatException} naming file:line (the formats allow neither);</li>
 *   <li>a row equal to an earlier one (user, item, rating and timestamp) is dropped and counted;</li>
 *   <li>the same user and item again with another rating or time keeps the latest by timestamp
 *       (the later line on a tie), also counted: each (user, item) pair is one behavior;</li>
 *   <li>a file without any rating is a {@link DataFormatException} ("no ratings"), since a run
 *       on it would only end in metrics of nothing (AUC NaN).</li>
 * </ul>
 * Rows are kept in columns rather than objects: an Amazon file holds tens of millions.
 */
final class RatingRows {
    static final String EXACT_DUPLICATES = "exact duplicate ratings dropped";
    static final String REPEATED_PAIRS = "repeated ratings of one user and item with another rating or time (the latest kept)";

    private final Path file;
    private final float min;
    private final float max;
    private final ReadWarnings warnings;
    private int size;
    private int[] users = new int[1024];
    private int[] items = new int[1024];
    private float[] ratings = new float[1024];
    private long[] times = new long[1024];
    private long[] lines = new long[1024];

    /** {@code min..max} is the rating scale, both ends allowed. */
    RatingRows(Path file, float min, float max, ReadWarnings warnings) {
        this.file = file;
        this.min = min;
        this.max = max;
        this.warnings = warnings;
    }

    /** Fails on a rating off the scale or a negative timestamp, before any id is given out for the row. */
    void check(long line, String rawLine, double rating, long time) {
        if (!(rating >= min && rating <= max)) {
            throw new DataFormatException(file, line, "rating " + format(rating) + " is outside the allowed range "
                    + format(min) + ".." + format(max) + ": " + TextLines.quote(rawLine));
        }
        if (time < 0) {
            throw new DataFormatException(file, line, "negative timestamp " + time
                    + " (expected seconds since 1970-01-01): " + TextLines.quote(rawLine));
        }
    }

    /** A row that passed {@link #check}. */
    void add(long line, int user, int item, float rating, long time) {
        if (size == users.length) {
            int grown = size * 2;
            users = Arrays.copyOf(users, grown);
            items = Arrays.copyOf(items, grown);
            ratings = Arrays.copyOf(ratings, grown);
            times = Arrays.copyOf(times, grown);
            lines = Arrays.copyOf(lines, grown);
        }
        users[size] = user;
        items[size] = item;
        ratings[size] = rating;
        times[size] = time;
        lines[size] = line;
        size++;
    }

    /** The kept rows in file order, duplicates resolved as the class comment says. */
    List<Interaction> interactions() {
        if (size == 0) {
            throw new DataFormatException(file, 0, "no ratings: the file holds no rating lines");
        }
        Set<Long> repeated = repeatedPairs();
        boolean[] dropped = new boolean[size];
        if (!repeated.isEmpty()) {
            Map<Long, Integer> kept = new HashMap<>();
            for (int i = 0; i < size; i++) {
                long pair = pair(i);
                if (!repeated.contains(pair)) {
                    continue;
                }
                Integer k = kept.get(pair);
                if (k == null) {
                    kept.put(pair, i);
                } else if (ratings[k] == ratings[i] && times[k] == times[i]) {
                    warnings.add(file, lines[i], EXACT_DUPLICATES);
                    dropped[i] = true;
                } else {
                    warnings.add(file, lines[i], REPEATED_PAIRS);
                    if (times[i] >= times[k]) {
                        dropped[k] = true;
                        kept.put(pair, i);
                    } else {
                        dropped[i] = true;
                    }
                }
            }
        }
        List<Interaction> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (!dropped[i]) {
                out.add(new Interaction(users[i], items[i], ratings[i], times[i]));
            }
        }
        return out;
    }

    /** (user, item) pairs that occur more than once; found by sorting, so memory stays one long per row. */
    private Set<Long> repeatedPairs() {
        long[] sorted = new long[size];
        for (int i = 0; i < size; i++) {
            sorted[i] = pair(i);
        }
        Arrays.sort(sorted);
        Set<Long> repeated = new HashSet<>();
        for (int i = 1; i < size; i++) {
            if (sorted[i] == sorted[i - 1]) {
                repeated.add(sorted[i]);
            }
        }
        return repeated;
    }

    private long pair(int row) {
        return ((long) users[row] << 32) | (items[row] & 0xffffffffL);
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
