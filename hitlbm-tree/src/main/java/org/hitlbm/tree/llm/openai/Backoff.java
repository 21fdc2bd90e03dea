package org.hitlbm.tree.llm.openai;

import java.time.Duration;

/**
 * Exponential backoff between attempts: initial, 2x initial, 4x initial, ... capped at max.
 * No jitter, so a run's retry schedule is reproducible.
 */
public record Backoff(Duration initial, Duration max) {
    /** 0.5 s, 1 s, 2 s, ... up to 8 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8));

    public Backoff {
        if (initial == null || max == null || initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("Backoff needs 0 <= initial <= max, got " + initial + " and " + max);
        }
    }

    /** @param retry 1 for the first retry */
    public Duration beforeRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
        }
        // in double so that large retry numbers saturate at max instead of overflowing
        double millis = initial.toMillis() * Math.pow(2, retry - 1);
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
}
