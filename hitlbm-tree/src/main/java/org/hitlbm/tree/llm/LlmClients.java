package org.hitlbm.tree.llm;

import java.util.List;
import org.hitlbm.tree.llm.offline.OfflineProfiler;

/** Opens the backend a spec names. */
public final class LlmClients {
    private LlmClients() {
    }

    public static List<String> names() {
        return List.of("offline", "openai", "llamacpp");
    }

    public static LlmClient create(LlmSettings s) {
        return switch (s.backend()) {
            case "offline" -> new OfflineProfiler();
            default -> throw new LlmException("llm.backend '" + s.backend() + "' is not available in this build; available: offline");
        };
    }
}
