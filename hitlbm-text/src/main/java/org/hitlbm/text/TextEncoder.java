package org.hitlbm.text;

import java.util.List;

/**
 * Text to vectors, for interests, items and the truth texts (SPEC: encoder; RQ7 varies it).
 * Implementations must be safe to call from several threads.
 */
public interface TextEncoder extends AutoCloseable {
    /** The name used in YAML ({@code encoder.name}) and in cache keys. */
    String name();

    /** Vector width (0 for "none"). */
    int dimension();

    /** One vector per text, in order; L2-normalised where the model expects cosine similarity. */
    float[][] encode(List<String> texts);

    @Override
    default void close() {
    }
}
