package org.hitlbm.tree.llm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything needed to open a backend, as the spec's {@code llm} section gives it.
 *
 * @param backend     offline, openai, llamacpp or llamacpp-server
 * @param model       the server's model name (openai)
 * @param baseUrl     e.g. http://127.0.0.1:8000/v1 (openai)
 * @param apiKey      may be null (openai)
 * @param modelPath   a GGUF file (llamacpp, llamacpp-server)
 * @param serverPath  the llama-server binary (llamacpp-server); null = on PATH, else where
 *                    scripts/build-llama-server.sh builds it
 * @param startupTimeout how long llama-server may take to load the model (llamacpp-server)
 * @param baseUrls    several servers of the model, balanced as one (openai); empty = {@code baseUrl} alone
 * @param healthInterval time between health checks of {@code baseUrls}
 */
public record LlmSettings(String backend, String model, String baseUrl, String apiKey, Path modelPath,
                          int concurrency, Duration timeout, int maxRetries, int threads, int contextSize,
                          Path serverPath, Duration startupTimeout, List<String> baseUrls, Duration healthInterval) {
    public LlmSettings {
        baseUrls = baseUrls == null ? List.of() : List.copyOf(baseUrls);
    }

    /** A comma-separated list of URLs, blanks dropped. */
    public static List<String> urlList(String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(u -> !u.isEmpty()).toList();
    }
}
