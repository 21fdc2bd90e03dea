package org.hitlbm.tree.llm.openai;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach an OpenAI-compatible chat-completions server (vLLM, llama.cpp server,
 * Ollama, OpenAI itself).
 *
 * @param baseUrl        e.g. {@code http://127.0.0.1:8000/v1}; requests go to {@code {baseUrl}/chat/completions}
 * @param model          the server's model name; part of every cache key
 * @param apiKey         bearer token; null becomes {@code "none"} (local servers ignore it)
 * @param maxConcurrency requests in flight at once, across all threads sharing the client
 * @param timeout        connect and read timeout of one attempt
 * @param maxRetries     extra attempts after a 429, a 5xx, a connection failure or a timeout
 */
public record OpenAiSettings(String baseUrl, String model, String apiKey, int maxConcurrency, Duration timeout,
                             int maxRetries) {

    public OpenAiSettings {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("OpenAI settings: baseUrl is empty");
        }
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("OpenAI settings: baseUrl '" + baseUrl + "' is not an http(s) URL");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("OpenAI settings for " + baseUrl + ": model is empty");
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException(
                    "OpenAI settings for " + baseUrl + ": maxConcurrency must be >= 1, got " + maxConcurrency);
        }
        Objects.requireNonNull(timeout, "OpenAI settings for " + baseUrl + ": timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("OpenAI settings for " + baseUrl + ": timeout must be positive, got " + timeout);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException(
                    "OpenAI settings for " + baseUrl + ": maxRetries must be >= 0, got " + maxRetries);
        }
        apiKey = apiKey == null ? "none" : apiKey;
    }
}
