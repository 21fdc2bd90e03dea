package org.hitlbm.experiments.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import org.hitlbm.data.PreparedData;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.tree.cache.CachedLlmClient;
import org.hitlbm.tree.cache.LlmCallCache;
import org.hitlbm.tree.cube.CubeCascade;
import org.hitlbm.tree.cube.CubeSettings;
import org.hitlbm.tree.llm.LlmClients;
import org.hitlbm.tree.llm.LlmSettings;
import org.hitlbm.tree.llm.offline.OfflinePromptCheck;
import org.hitlbm.tree.prompt.PromptTemplates;
import org.hitlbm.tree.prompt.Prompts;

/**
 * The LLM side of one config: the backend behind the on-disk call cache, the prompts of the
 * dataset's domain, and the CUBE cascade. Everything it asks is answered from the cache on a
 * re-run, whatever the backend.
 */
public final class InterestSession implements AutoCloseable {
    private final LlmCallCache cache;
    private final CachedLlmClient llm;
    private final Prompts prompts;
    private final CubeCascade cascade;

    /**
     * Opens {@code paths.cache/llm.sqlite}; a damaged one is a {@link org.hitlbm.data.io.StorageException}
     * (one line: the file, and that deleting it loses only cached answers), and a backend or prompt
     * that cannot be set up closes it again before the error goes on.
     */
    public InterestSession(ResolvedConfig config, PreparedData data) {
        cache = new LlmCallCache(Path.of(config.string("paths.cache")).resolve("llm.sqlite"));
        CachedLlmClient client = null;
        try {
            client = new CachedLlmClient(LlmClients.create(settings(config)), cache);
            String promptDir = config.string("llm.promptDir");
            PromptTemplates templates = PromptTemplates.load(data.dataset().raw().domain(), promptDir == null ? null : Path.of(promptDir));
            if (client.backend().equals("offline")) {
                // the stand-in adapts to the prompts: one it cannot read is an error before any call, not noise
                OfflinePromptCheck.check(templates, data.dataset().raw().domain(), config.number("dataset.positiveAbove"));
            }
            prompts = new Prompts(templates, data.dataset().raw(), config.number("dataset.positiveAbove"), config.bool("llm.userFeatures"));
            cascade = new CubeCascade(client, prompts, new CubeSettings(config.number("llm.cascadeTemperature"),
                    config.number("llm.itemTemperature"), config.integer("llm.maxTokens"), config.longValue("llm.seed"),
                    config.integer("llm.concurrency")));
        } catch (RuntimeException | Error e) {
            try {
                if (client != null) {
                    client.close();
                }
                cache.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        llm = client;
    }

    static LlmSettings settings(ResolvedConfig c) {
        String keyEnv = c.string("llm.apiKeyEnv");
        String modelPath = c.string("llm.modelPath");
        return new LlmSettings(c.string("llm.backend"), c.string("llm.model"), c.string("llm.baseUrl"),
                keyEnv == null ? null : System.getenv(keyEnv), modelPath == null ? null : Path.of(modelPath),
                c.integer("llm.concurrency"), Duration.ofSeconds(c.integer("llm.timeoutSeconds")), c.integer("llm.maxRetries"),
                c.integer("llm.threads"), c.integer("llm.contextSize"));
    }

    public CachedLlmClient llm() {
        return llm;
    }

    public Prompts prompts() {
        return prompts;
    }

    public CubeCascade cascade() {
        return cascade;
    }

    public LlmCallCache cache() {
        return cache;
    }

    @Override
    public void close() {
        llm.close();
        cache.close();
    }
}
