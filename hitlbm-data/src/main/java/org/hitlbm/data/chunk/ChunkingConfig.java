package org.hitlbm.data.chunk;

import java.io.Serializable;

/**
 * @param mode by count or by calendar month
 * @param size behaviors per chunk in COUNT mode (ignored for MONTH)
 */
public record ChunkingConfig(ChunkMode mode, int size) implements Serializable {
    public ChunkingConfig {
        if (mode == ChunkMode.COUNT && size < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + size);
        }
    }

    public static ChunkingConfig byCount(int size) {
        return new ChunkingConfig(ChunkMode.COUNT, size);
    }

    public static ChunkingConfig byMonth() {
        return new ChunkingConfig(ChunkMode.MONTH, 0);
    }
}
