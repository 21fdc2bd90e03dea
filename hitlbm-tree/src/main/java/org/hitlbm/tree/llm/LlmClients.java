package org.hitlbm.tree.llm;

import java.util.List;
import org.hitlbm.tree.llm.llamacpp.LlamaCppClient;
import org.hitlbm.tree.llm.llamacpp.LlamaCppSettings;
import org.hitlbm.tree.llm.offline.OfflineProfiler;
import org.hitlbm.tree.llm.openai.Backoff;
import org.hitlbm.tree.llm.openai.OpenAiCompatibleClient;
import org.hitlbm.tree.llm.openai.OpenAiSettings;
import org.hitlbm.tree.llm.server.LlamaServerClient;
import org.hitlbm.tree.llm.server.LlamaServerSettings;

/** Opens the backend a spec names. */
public final class LlmClients {
    private LlmClients() {
    }

    public static List<String> names() {
        return List.of("offline", "openai", "llamacpp", "llamacpp-server");
    }

    /** @throws LlmException for a backend that cannot be opened, with the reason (bad URL, missing file, ...) */
    public static LlmClient create(LlmSettings s) {
        try {
            return open(s);
        } catch (IllegalArgumentException e) {
            throw new LlmException("llm (" + s.backend() + "): " + e.getMessage(), e);
        }
    }

    private static LlmClient open(LlmSettings s) {
        return switch (s.backend()) {
            case "offline" -> new OfflineProfiler();
            case "openai" -> {
                if (!s.baseUrls().isEmpty()) {
                    if (s.model() == null) {
                        throw new LlmException("llm.backend openai needs llm.model");
                    }
                    yield OpenAiCompatibleClient.fleet(s.baseUrls(), new OpenAiSettings(s.baseUrls().get(0), s.model(), s.apiKey(),
                            s.concurrency(), s.timeout(), s.maxRetries()), Backoff.DEFAULT, s.healthInterval());
                }
                if (s.baseUrl() == null || s.model() == null) {
                    throw new LlmException("llm.backend openai needs llm.baseUrl (e.g. http://127.0.0.1:8000/v1) and llm.model");
                }
                yield new OpenAiCompatibleClient(new OpenAiSettings(s.baseUrl(), s.model(), s.apiKey(), s.concurrency(), s.timeout(),
                        s.maxRetries()));
            }
            case "llamacpp" -> {
                if (s.modelPath() == null) {
                    throw new LlmException("llm.backend llamacpp needs llm.modelPath (a GGUF file)");
                }
                yield new LlamaCppClient(new LlamaCppSettings(s.modelPath(), s.contextSize(), s.threads()));
            }
            case "llamacpp-server" -> {
                if (s.modelPath() == null) {
                    throw new LlmException("llm.backend llamacpp-server needs llm.modelPath (a GGUF file; scripts/install-models.sh"
                            + " prints one)");
                }
                yield new LlamaServerClient(new LlamaServerSettings(LlamaServerSettings.locateBinary(s.serverPath()), s.modelPath(),
                        s.threads(), s.contextSize(), List.of(), s.startupTimeout(), null), s.concurrency(), s.timeout(),
                        s.maxRetries());
            }
            default -> throw new LlmException("llm.backend '" + s.backend() + "' is not available in this build; available: "
                    + names());
        };
    }
}
