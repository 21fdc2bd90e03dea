package org.hitlbm.tree.llm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the GGUF backends name their model in cache keys: file name and size in bytes
 * ("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf:1117320768"), so a key names the exact weights
 * rather than where they lie.
 */
public final class GgufIdentity {
    private GgufIdentity() {
    }

    /** @throws LlmException naming the backend when the file cannot be read */
    public static String of(Path gguf, String backend) {
        try {
            return gguf.getFileName() + ":" + Files.size(gguf);
        } catch (IOException e) {
            throw new LlmException(backend + ": cannot read GGUF model file " + gguf.toAbsolutePath() + " (" + e.getMessage() + ")", e);
        }
    }
}
