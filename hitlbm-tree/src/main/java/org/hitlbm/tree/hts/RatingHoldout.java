package org.hitlbm.tree.hts;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Shared input checks and the seeded, label-stratified validation holdout of the rating models:
 * 15% of each class is held out; with fewer than {@link #MIN_ROWS_FOR_HOLDOUT} rows every row
 * trains and nothing is held out.
 */
final class RatingHoldout {
    static final double HOLDOUT_SHARE = 0.15;
    static final int MIN_ROWS_FOR_HOLDOUT = 20;

    final int[] train;
    final int[] validation;

    private RatingHoldout(int[] train, int[] validation) {
        this.train = train;
        this.validation = validation;
    }

    /** Checks {@code x}/{@code y} and returns their width. */
    static int checkInputs(float[][] x, int[] y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("x and y must not be null");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("no rows to fit");
        }
        int width = checkRows(x, -1);
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new IllegalArgumentException("labels must be 0 or 1, row " + i + " has " + y[i]);
            }
        }
        return width;
    }

    /** Checks that all rows have {@code width} values (any width when negative); returns the width. */
    static int checkRows(float[][] x, int width) {
        int w = width;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) {
                throw new IllegalArgumentException("row " + i + " is null");
            }
            if (w < 0) {
                w = x[i].length;
                if (w == 0) {
                    throw new IllegalArgumentException("rows have no features");
                }
            } else if (x[i].length != w) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " values, expected " + w);
            }
        }
        return w;
    }

    static double positiveRate(int[] y) {
        long positives = 0;
        for (int label : y) {
            positives += label;
        }
        return (double) positives / y.length;
    }

    /**
     * Holds out whole groups (users): siblings of one chunk share a user, and rows of one user in
     * both parts would flatter the validation AUC. Rows that are each their own group fall back to
     * the label-stratified split.
     */
    static RatingHoldout split(int[] y, int[] groups, long seed) {
        if (groups == null || java.util.Arrays.stream(groups).distinct().count() == groups.length || y.length < MIN_ROWS_FOR_HOLDOUT) {
            return split(y, seed);
        }
        List<Integer> ids = new ArrayList<>(new java.util.TreeSet<>(java.util.Arrays.stream(groups).boxed().toList()));
        java.util.Collections.shuffle(ids, new Random(seed * 0x9E3779B97F4A7C15L + 23));
        java.util.Set<Integer> held = new java.util.HashSet<>();
        int heldRows = 0;
        for (int id : ids) {
            if (heldRows >= Math.round(y.length * HOLDOUT_SHARE) || held.size() == ids.size() - 1) {
                break;
            }
            held.add(id);
            for (int g : groups) {
                heldRows += g == id ? 1 : 0;
            }
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            (held.contains(groups[i]) ? validation : train).add(i);
        }
        return new RatingHoldout(train.stream().mapToInt(Integer::intValue).toArray(), validation.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The seeded stratified split of rows 0..y.length-1 (each part in ascending row order). */
    static RatingHoldout split(int[] y, long seed) {
        int n = y.length;
        if (n < MIN_ROWS_FOR_HOLDOUT) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return new RatingHoldout(all, new int[0]);
        }
        boolean[] held = new boolean[n];
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + 17);
        for (int label = 0; label <= 1; label++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (y[i] == label) {
                    rows.add(i);
                }
            }
            java.util.Collections.shuffle(rows, random);
            int take = (int) Math.round(rows.size() * HOLDOUT_SHARE);
            take = Math.min(take, rows.size() - 1); // a class never leaves training entirely
            for (int k = 0; k < take; k++) {
                held[rows.get(k)] = true;
            }
        }
        int validationCount = 0;
        for (boolean h : held) {
            validationCount += h ? 1 : 0;
        }
        int[] train = new int[n - validationCount];
        int[] validation = new int[validationCount];
        int t = 0;
        int v = 0;
        for (int i = 0; i < n; i++) {
            if (held[i]) {
                validation[v++] = i;
            } else {
                train[t++] = i;
            }
        }
        return new RatingHoldout(train, validation);
    }

    static int[] labels(int[] y, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = y[rows[i]];
        }
        return out;
    }
}
