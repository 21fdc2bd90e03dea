package org.hitlbm.tree.llm.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.GgufIdentity;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.llm.LlmException;
import org.hitlbm.tree.llm.YesNo;
import org.hitlbm.tree.llm.openai.Backoff;
import org.hitlbm.tree.llm.openai.OpenAiCompatibleClient;
import org.hitlbm.tree.llm.openai.OpenAiSettings;

/**
 * The {@code llamacpp-server} backend: a {@link ManagedLlamaServer} this client starts, spoken to
 * through {@link OpenAiCompatibleClient}. A request that fails because the server died is sent
 * once more to a restarted server. Safe to share between threads.
 */
public final class LlamaServerClient implements LlmClient {
    private final ManagedLlamaServer server;
    private final String model;
    private final String servedName;
    private final int maxConcurrency;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Backoff backoff;
    private volatile Connection connection;

    /** The OpenAI client of one server instance: rebuilt when a restart moves the port. */
    private record Connection(ManagedLlamaServer.Instance instance, OpenAiCompatibleClient client) {
    }

    /**
     * Starts the server and waits until the model is loaded.
     *
     * @param maxConcurrency requests in flight at once (llama-server runs one slot, so more only queue there)
     * @param requestTimeout connect and read timeout of one attempt
     * @param maxRetries     extra attempts on 5xx and connection failures, as the openai backend makes them
     * @throws LlmException in one line when the binary or GGUF is missing or the server does not come up
     */
    public LlamaServerClient(LlamaServerSettings settings, int maxConcurrency, Duration requestTimeout, int maxRetries) {
        this(settings, maxConcurrency, requestTimeout, maxRetries, Backoff.DEFAULT);
    }

    /** @param backoff delays between the OpenAI client's retries; tests make them tiny */
    public LlamaServerClient(LlamaServerSettings settings, int maxConcurrency, Duration requestTimeout, int maxRetries,
                             Backoff backoff) {
        Objects.requireNonNull(settings, "settings");
        this.maxConcurrency = maxConcurrency;
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.servedName = settings.modelPath().getFileName().toString();
        // bad request settings are an error before any process starts
        new OpenAiSettings("http://127.0.0.1:1/v1", servedName, null, maxConcurrency, requestTimeout, maxRetries);
        this.server = ManagedLlamaServer.start(settings);
        try {
            this.model = GgufIdentity.of(settings.modelPath(), "llamacpp-server");
            connection(server.running());
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    @Override
    public String backend() {
        return "llamacpp-server";
    }

    /** GGUF file name and size in bytes, as the llamacpp backend names it: the cache key names the exact weights. */
    @Override
    public String model() {
        return model;
    }

    @Override
    public Generation generate(String prompt, long seed, double temperature, int maxTokens) {
        return call(client -> client.generate(prompt, seed, temperature, maxTokens));
    }

    @Override
    public double yesProbability(String prompt) {
        return call(client -> client.yesProbability(prompt));
    }

    @Override
    public YesNo.Answer yesNo(String prompt) {
        return call(client -> client.yesNo(prompt));
    }

    /** How often llama-server has been started again after dying. */
    public int restarts() {
        return server.restarts();
    }

    /** Where llama-server's stdout and stderr go. */
    public Path logFile() {
        return server.logFile();
    }

    /** Stops llama-server. */
    @Override
    public void close() {
        server.close();
    }

    private <T> T call(Function<OpenAiCompatibleClient, T> request) {
        Connection used = connection(server.running());
        T result;
        try {
            result = request.apply(used.client());
        } catch (LlmException e) {
            // only a dead server is worth a restart; any other failure is the OpenAI client's to report
            ManagedLlamaServer.Instance replacement;
            try {
                replacement = server.replaceIfDead(used.instance());
            } catch (LlmException restartFailed) {
                restartFailed.addSuppressed(e);
                throw restartFailed;
            }
            if (replacement == null) {
                throw e;
            }
            try {
                result = request.apply(connection(replacement).client());
            } catch (LlmException again) {
                // the OpenAI client's "connection failed" would hide that the server keeps dying
                String death = server.deathNotice(replacement, "died again during a request it was restarted for");
                if (death == null) {
                    throw again;
                }
                throw new LlmException(death, again);
            }
        }
        server.requestSucceeded();
        return result;
    }

    private Connection connection(ManagedLlamaServer.Instance instance) {
        Connection current = connection;
        if (current != null && current.instance() == instance) {
            return current;
        }
        synchronized (this) {
            current = connection;
            if (current == null || current.instance() != instance) {
                current = new Connection(instance, new OpenAiCompatibleClient(new OpenAiSettings(instance.baseUrl(), servedName,
                        null, maxConcurrency, requestTimeout, maxRetries), backoff));
                connection = current;
            }
            return current;
        }
    }

}
