package org.hitlbm.experiments.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import org.hitlbm.data.PreparedData;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.tree.cache.CachedLlmClient;
import org.hitlbm.tree.cache.LlmCallCache;
import org.hitlbm.tree.cube.CubeCascade;
import org.hitlbm.tree.cube.CubeSettings;
import org.hitlbm.tree.llm.GuardedLlmClient;
import org.hitlbm.tree.llm.LlmClients;
import org.hitlbm.tree.llm.LlmSettings;
import org.hitlbm.tree.llm.OutputGuards;
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
    private final CachedLlmClient calls;
    private final GuardedLlmClient llm;
    private long warned;
    private org.hitlbm.tree.llm.LlmClient backend;
    private String endpointsWarned = "";
    private final Prompts prompts;
    private final CubeCascade cascade;

    /**
     * Opens {@code paths.cache/llm.sqlite}; a damaged one is a {@link org.hitlbm.data.io.StorageException}
     * (one line: the file, and that deleting it loses only cached answers), and a backend or prompt
     * that cannot be set up closes it again before the error goes on.
     */
    public InterestSession(ResolvedConfig config, PreparedData data) {
        cache = openCache(config);
        CachedLlmClient client = null;
        GuardedLlmClient guarded;
        try {
            backend = LlmClients.create(settings(config));
            client = new CachedLlmClient(backend, cache);
            guarded = new GuardedLlmClient(client, guards(config));
            if (client.backend().equals("offline")) {
                // the stand-in adapts to the prompts: one it cannot read is an error before any call, not noise
                OfflinePromptCheck.check(templates(config, data), data.dataset().raw().domain(), config.number("dataset.positiveAbove"));
            }
            prompts = prompts(config, data);
            cascade = new CubeCascade(guarded, prompts, cubeSettings(config));
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
        calls = client;
        llm = guarded;
    }

    static PromptTemplates templates(ResolvedConfig config, PreparedData data) {
        String promptDir = config.string("llm.promptDir");
        return PromptTemplates.load(data.dataset().raw().domain(), promptDir == null ? null : Path.of(promptDir));
    }

    /** The prompts of the dataset's domain (or {@code llm.promptDir}'s), filled from the data. */
    static Prompts prompts(ResolvedConfig config, PreparedData data) {
        return new Prompts(templates(config, data), data.dataset().raw(), config.number("dataset.positiveAbove"),
                config.bool("llm.userFeatures"));
    }

    static CubeSettings cubeSettings(ResolvedConfig config) {
        return new CubeSettings(config.number("llm.cascadeTemperature"), config.number("llm.itemTemperature"),
                config.integer("llm.maxTokens"), config.longValue("llm.seed"), config.integer("llm.concurrency"));
    }

    static OutputGuards guards(ResolvedConfig c) {
        return new OutputGuards(c.number("llm.minYesNoMass"), c.integer("llm.minChars"), c.integer("llm.degenerateRetries"));
    }

    /**
     * The LLM call cache a config names: {@code paths.store} (a PostgreSQL database shared by many
     * machines; its password from the variable {@code paths.storePasswordEnv} names), else the
     * SQLite file {@code paths.cache/llm.sqlite}.
     */
    public static LlmCallCache openCache(ResolvedConfig config) {
        String store = serverStore(config);
        return store == null ? new LlmCallCache(Path.of(config.string("paths.cache")).resolve("llm.sqlite"))
                : LlmCallCache.onServer(store, serverPassword(config));
    }

    /**
     * {@code paths.store}: the PostgreSQL database that holds the LLM call cache, the vector cache
     * and the trees for processes on many machines; null when they are files under {@code paths.cache}.
     */
    public static String serverStore(ResolvedConfig config) {
        String store = config.string("paths.store");
        if (store == null || store.isBlank()) {
            return null;
        }
        if (!org.hitlbm.data.io.ServerStore.isServerUrl(store)) {
            throw new org.hitlbm.experiments.spec.SpecException("paths.store: '" + org.hitlbm.data.io.ServerStore.location(store.strip())
                    + "' is not a jdbc:postgresql:// URL");
        }
        return store.strip();
    }

    /** The store's password, from the variable {@code paths.storePasswordEnv} names (null: none set). */
    public static String serverPassword(ResolvedConfig config) {
        String passwordEnv = config.string("paths.storePasswordEnv");
        return passwordEnv == null ? null : System.getenv(passwordEnv);
    }

    /** The backend settings of a config, for opening it outside a session (plan's probe). */
    public static LlmSettings settingsOf(ResolvedConfig c) {
        return settings(c);
    }

    static LlmSettings settings(ResolvedConfig c) {
        String keyEnv = c.string("llm.apiKeyEnv");
        String modelPath = c.string("llm.modelPath");
        String serverPath = c.string("llm.serverPath");
        return new LlmSettings(c.string("llm.backend"), c.string("llm.model"), c.string("llm.baseUrl"),
                keyEnv == null ? null : System.getenv(keyEnv), modelPath == null ? null : Path.of(modelPath),
                c.integer("llm.concurrency"), Duration.ofSeconds(c.integer("llm.timeoutSeconds")), c.integer("llm.maxRetries"),
                c.integer("llm.threads"), c.integer("llm.contextSize"), serverPath == null ? null : Path.of(serverPath),
                Duration.ofSeconds(c.integer("llm.startupSeconds")), LlmSettings.urlList(c.string("llm.baseUrls")),
                Duration.ofSeconds(c.integer("llm.healthCheckSeconds")));
    }

    /** The client every stage asks: the output guards in front of the call cache in front of the backend. */
    public GuardedLlmClient llm() {
        return llm;
    }

    /** The call cache's counts: hits, calls that reached the backend, tokens. */
    public CachedLlmClient calls() {
        return calls;
    }

    /**
     * A warning line when the output guards fired since the last one, naming the settings behind
     * them; and one when an endpoint of an LLM fleet ({@code llm.baseUrls}) failed or is out.
     */
    public void warnGuards(Reporter reporter) {
        warnEndpoints(reporter);
        long unusable = llm.unusableAnswers();
        long failed = llm.failedGenerations();
        long retried = llm.retriedGenerations();
        if (unusable + failed + retried > warned) {
            warned = unusable + failed + retried;
            reporter.warn(String.format("output guards: %d Yes/No answer(s) under llm.minYesNoMass of Yes+No probability (NaN: their"
                    + " rating rows dropped), %d degenerate generation(s) asked again with the next seed, %d still degenerate after"
                    + " llm.degenerateRetries (never fed into a later prompt)", unusable, retried, failed));
        }
    }

    private void warnEndpoints(Reporter reporter) {
        if (!(backend instanceof org.hitlbm.tree.llm.openai.OpenAiCompatibleClient openai)) {
            return;
        }
        java.util.List<org.hitlbm.tree.llm.openai.EndpointFleet.Status> endpoints = openai.endpoints();
        if (endpoints.stream().allMatch(e -> e.up() && e.failures() == 0)) {
            return;
        }
        StringBuilder line = new StringBuilder("llm fleet of ").append(endpoints.size()).append(':');
        for (org.hitlbm.tree.llm.openai.EndpointFleet.Status e : endpoints) {
            line.append(' ').append(e.baseUrl()).append(e.up() ? " in" : " OUT").append(", ").append(e.served()).append(" answered, ")
                    .append(e.failures()).append(" failed");
            if (e.lastFailure() != null) {
                line.append(" (last: ").append(org.hitlbm.data.io.Printable.line(e.lastFailure())).append(')');
            }
            line.append(';');
        }
        line.setLength(line.length() - 1);
        String text = line.toString();
        if (!text.equals(endpointsWarned)) { // once per change, not at every stage
            endpointsWarned = text;
            reporter.warn(text + "; failed calls went to the other endpoints");
        }
    }

    /** "llm cache 120 hits / 30 calls, 4512 tokens", plus the guards' counts when any fired. */
    public String stats() {
        return calls.stats() + llm.stats();
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
