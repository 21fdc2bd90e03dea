package org.hitlbm.tree.llm.openai;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.hitlbm.tree.llm.LlmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several OpenAI-compatible servers of one model as one: each request goes to the endpoint with the
 * fewest requests in flight; an endpoint that fails a request (connection, timeout, 5xx) or its
 * health check ({@code GET {baseUrl}/models}) is taken out, and the request goes to another at
 * once. A health checker probes every endpoint at a fixed interval and takes a dead one back when it
 * answers again. A request is sent again only when it failed, so every call is answered once.
 *
 * <p>At most {@code maxConcurrency} requests are in flight over the whole fleet ({@code
 * llm.concurrency}). A call may fail over to each other endpoint once for free, then has {@code
 * maxRetries} retries with backoff (waiting for an endpoint to come back when all are out).
 */
public final class EndpointFleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointFleet.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    /** One endpoint's state for reports: served = requests it answered. */
    public record Status(String baseUrl, boolean up, long served, long failures, String lastFailure) {
    }

    private static final class Endpoint {
        final String baseUrl;
        final OpenAiChatModel chat;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong served = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        volatile boolean up = true;
        volatile String lastFailure;

        Endpoint(String baseUrl, OpenAiChatModel chat) {
            this.baseUrl = baseUrl;
            this.chat = chat;
        }
    }

    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Semaphore inFlight;
    private final int maxRetries;
    private final Backoff backoff;
    private final String target;
    private final String apiKey;
    private final HttpClient probes = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    private final ScheduledExecutorService checker;
    private final AtomicInteger turn = new AtomicInteger();

    /**
     * @param settings one per endpoint, all of the same model; the first one's concurrency, retries and key apply
     * @param healthInterval time between health checks of every endpoint
     */
    EndpointFleet(List<OpenAiSettings> settings, Function<OpenAiSettings, OpenAiChatModel> models, Backoff backoff,
                  Duration healthInterval, String target) {
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("an endpoint fleet needs at least one base URL");
        }
        for (OpenAiSettings s : settings) {
            endpoints.add(new Endpoint(s.baseUrl(), models.apply(s)));
        }
        OpenAiSettings first = settings.get(0);
        this.inFlight = new Semaphore(first.maxConcurrency(), true);
        this.maxRetries = first.maxRetries();
        this.apiKey = first.apiKey();
        this.backoff = backoff;
        this.target = target;
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "llm-fleet-health");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, healthInterval.toMillis());
        checker.scheduleWithFixedDelay(this::checkHealth, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** @throws LlmException once a failure is not transient, or when the attempts are spent */
    <T> T call(Function<OpenAiChatModel, T> request) {
        int maxAttempts = maxRetries + endpoints.size();
        int waits = 0;
        for (int attempt = 1; ; attempt++) {
            Endpoint endpoint = pick();
            if (endpoint == null) {
                if (attempt >= maxAttempts) {
                    throw new LlmException(target + ": every endpoint is out after " + attempt + " attempts: " + describe());
                }
                sleep(backoff.beforeRetry(++waits).toMillis());
                checkHealth(); // rather than wait for the checker's next round
                continue;
            }
            acquire();
            endpoint.inFlight.incrementAndGet();
            try {
                T response = request.apply(endpoint.chat);
                endpoint.served.incrementAndGet();
                return response;
            } catch (LlmException e) {
                throw e;
            } catch (RuntimeException e) {
                AttemptFailure failure = AttemptFailure.of(e);
                String where = "openai endpoint " + endpoint.baseUrl;
                if (!failure.retryable()) {
                    throw new LlmException(where + ": " + failure.description() + " on attempt " + attempt + " (not retried)", e);
                }
                endpoint.failures.incrementAndGet();
                endpoint.lastFailure = failure.description();
                boolean busy = failure.description().startsWith("HTTP 429"); // a rate limit says busy, not broken
                if (!busy) {
                    takeOut(endpoint, failure.description());
                }
                if (attempt >= maxAttempts) {
                    throw new LlmException(where + ": " + failure.description() + " after " + attempt + " attempts over the fleet: "
                            + describe(), e);
                }
                if (busy || pick() == null) {
                    sleep(backoff.beforeRetry(++waits).toMillis()); // not straight back at a busy fleet
                }
            } finally {
                endpoint.inFlight.decrementAndGet();
                inFlight.release();
            }
        }
    }

    List<Status> status() {
        return endpoints.stream().map(e -> new Status(e.baseUrl, e.up, e.served.get(), e.failures.get(), e.lastFailure)).toList();
    }

    /** The endpoint with the fewest requests in flight, taking turns among ties; null when all are out. */
    private Endpoint pick() {
        Endpoint best = null;
        int start = Math.floorMod(turn.getAndIncrement(), endpoints.size());
        for (int k = 0; k < endpoints.size(); k++) {
            Endpoint e = endpoints.get((start + k) % endpoints.size());
            if (e.up && (best == null || e.inFlight.get() < best.inFlight.get())) {
                best = e;
            }
        }
        return best;
    }

    private void takeOut(Endpoint endpoint, String why) {
        if (endpoint.up) {
            endpoint.up = false;
            LOG.warn("{}: endpoint {} taken out ({}); health-checked again every few seconds", target, endpoint.baseUrl, why);
        }
    }

    private void checkHealth() {
        for (Endpoint e : endpoints) {
            String problem = probe(e.baseUrl);
            if (problem == null && !e.up) {
                e.up = true;
                LOG.info("{}: endpoint {} is back", target, e.baseUrl);
            } else if (problem != null) {
                e.lastFailure = "health check: " + problem;
                takeOut(e, "health check: " + problem);
            }
        }
    }

    /** null when {@code GET {baseUrl}/models} answers 200, else what went wrong. */
    private String probe(String baseUrl) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/models"))
                .timeout(PROBE_TIMEOUT).GET();
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            int status = probes.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? null : "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return AttemptFailure.of(e).description();
        }
    }

    private String describe() {
        StringBuilder b = new StringBuilder();
        for (Status s : status()) {
            b.append(b.isEmpty() ? "" : "; ").append(s.baseUrl()).append(s.up() ? " up" : " out")
                    .append(s.lastFailure() == null ? "" : " (" + s.lastFailure() + ")");
        }
        return b.toString();
    }

    private void acquire() {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(target + ": interrupted while waiting for a free request slot", e);
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(target + ": interrupted while waiting for an endpoint", e);
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
        for (Status s : status()) {
            LOG.info("{}: endpoint {} answered {} requests, {} failed{}", target, s.baseUrl(), s.served(), s.failures(),
                    s.up() ? "" : ", out at the end (" + s.lastFailure() + ")");
        }
    }
}
