package org.hitlbm.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The true interests behind a synthetic dataset: for every behavior of every user, the genre
 * distribution the user was drawing from at that moment. Chunk truth is the time-average of
 * these over the chunk's behaviors (SPEC, "The synthetic world").
 */
public final class GroundTruth implements Serializable {
    private final List<String> genres;
    /** user id -> behavior timestamps, ascending and unique per user. */
    private final Map<Integer, long[]> timestamps;
    /** user id -> genre weights per behavior, aligned with {@link #timestamps}. */
    private final Map<Integer, float[][]> weights;

    public GroundTruth(List<String> genres, Map<Integer, long[]> timestamps, Map<Integer, float[][]> weights) {
        this.genres = List.copyOf(genres);
        this.timestamps = Map.copyOf(timestamps);
        this.weights = Map.copyOf(weights);
    }

    public List<String> genres() {
        return genres;
    }

    /** The users with ground truth, ascending (for writers that need a stable order). */
    public List<Integer> users() {
        return timestamps.keySet().stream().sorted().toList();
    }

    /** The user's behavior timestamps, ascending; owned by this object, callers must not modify it. */
    public long[] timestamps(int user) {
        return timestamps.get(user);
    }

    /** The user's genre weights per behavior, aligned with {@link #timestamps(int)}; read-only like it. */
    public float[][] weights(int user) {
        return weights.get(user);
    }

    /** The user's genre distribution at the behavior with this timestamp. */
    public float[] interestAt(int user, long timestamp) {
        long[] ts = timestamps.get(user);
        if (ts == null) {
            throw new IllegalArgumentException("no ground truth for user " + user);
        }
        int i = Arrays.binarySearch(ts, timestamp);
        if (i < 0) {
            throw new IllegalArgumentException("user " + user + " has no behavior at " + timestamp);
        }
        return weights.get(user)[i].clone();
    }

    /** Mean genre distribution over the given behavior timestamps of one user. */
    public float[] meanInterest(int user, long[] behaviorTimestamps) {
        float[] mean = new float[genres.size()];
        for (long t : behaviorTimestamps) {
            float[] w = interestAt(user, t);
            for (int g = 0; g < mean.length; g++) {
                mean[g] += w[g] / behaviorTimestamps.length;
            }
        }
        return mean;
    }

    /** Renders weights as "likes Drama 40%, Comedy 30%, ..." (genres of at least 5%, largest first). */
    public String describe(float[] weights) {
        List<Integer> order = new ArrayList<>();
        for (int g = 0; g < weights.length; g++) {
            order.add(g);
        }
        order.sort(Comparator.comparingDouble((Integer g) -> -weights[g]).thenComparing(g -> g));
        StringBuilder text = new StringBuilder("likes ");
        int shown = 0;
        for (int g : order) {
            int pct = Math.round(weights[g] * 100);
            if (pct < 5 && shown > 0) {
                break;
            }
            text.append(shown == 0 ? "" : ", ").append(genres.get(g)).append(' ').append(pct).append('%');
            shown++;
        }
        return text.toString();
    }
}
