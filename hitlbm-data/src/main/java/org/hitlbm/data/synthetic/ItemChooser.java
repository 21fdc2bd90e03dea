package org.hitlbm.data.synthetic;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws the next item of one user: a softmax over the items' normalised affinity to the current
 * interest, without repeating an item until the user has seen them all (users rate a movie once).
 */
final class ItemChooser {
    private static final int RETRIES = 32;

    private final SyntheticCatalogue catalogue;
    private final double temperature;
    private final double[] cdf;
    private final boolean[] seen;
    private int seenCount;
    private double maxAffinity;

    ItemChooser(SyntheticCatalogue catalogue, double temperature) {
        this.catalogue = catalogue;
        this.temperature = temperature;
        this.cdf = new double[catalogue.size()];
        this.seen = new boolean[catalogue.size()];
    }

    /** Rebuilds the choice distribution for a new interest distribution. */
    void refresh(double[] interest) {
        double[] a = cdf; // affinities first, then turned into the cumulative distribution in place
        maxAffinity = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = catalogue.affinity(i, interest);
            maxAffinity = Math.max(maxAffinity, a[i]);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.exp((a[i] / maxAffinity - 1) / temperature);
            a[i] = sum;
        }
    }

    /** The largest affinity of any item under the last refreshed interest; ratings are relative to it. */
    double maxAffinity() {
        return maxAffinity;
    }

    /** An unseen item by the softmax (0-based index). */
    int pick(SplittableRandom rng) {
        resetIfExhausted();
        double total = cdf[cdf.length - 1];
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            int i = Arrays.binarySearch(cdf, rng.nextDouble() * total);
            i = i >= 0 ? Math.min(i + 1, cdf.length - 1) : -i - 1;
            if (!seen[i]) {
                return mark(i);
            }
        }
        return uniform(rng);
    }

    /** An unseen item uniformly at random (exploration, or when the liked ones are used up). */
    int uniform(SplittableRandom rng) {
        resetIfExhausted();
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            int i = rng.nextInt(seen.length);
            if (!seen[i]) {
                return mark(i);
            }
        }
        int start = rng.nextInt(seen.length); // nearly all seen: walk to the next unseen one
        for (int k = 0; k < seen.length; k++) {
            int i = (start + k) % seen.length;
            if (!seen[i]) {
                return mark(i);
            }
        }
        throw new IllegalStateException("unreachable: an unseen item exists");
    }

    private int mark(int i) {
        seen[i] = true;
        seenCount++;
        return i;
    }

    private void resetIfExhausted() {
        if (seenCount == seen.length) {
            Arrays.fill(seen, false);
            seenCount = 0;
        }
    }
}
