package org.hitlbm.tree.llm.llamacpp;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to load a GGUF model in process.
 *
 * @param modelPath   the .gguf file
 * @param contextSize KV-cache length in tokens (prompt plus completion must fit)
 * @param threads     CPU threads for generation and prompt processing
 */
public record LlamaCppSettings(Path modelPath, int contextSize, int threads) {
    public LlamaCppSettings {
        Objects.requireNonNull(modelPath, "modelPath");
        if (contextSize <= 0) {
            throw new IllegalArgumentException("contextSize must be positive, got " + contextSize);
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
    }

    /** A 4096-token context on all available cores. */
    public static LlamaCppSettings of(Path modelPath) {
        return new LlamaCppSettings(modelPath, 4096, Runtime.getRuntime().availableProcessors());
    }
}
