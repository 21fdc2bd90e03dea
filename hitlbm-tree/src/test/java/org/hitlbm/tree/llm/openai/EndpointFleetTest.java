package org.hitlbm.tree.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hitlbm.tree.llm.Generation;
import org.junit.jupiter.api.Test;

/** {@code llm.baseUrls}: loopback servers as a fleet, balanced, one killed mid-run, one coming back. */
class EndpointFleetTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200));

    private static LoopbackChatServer.Responder echoAfter(long millis, String name) {
        return (attempt, request) -> {
            Thread.sleep(millis);
            String prompt = request.path("messages").path(0).path("content").asText();
            return LoopbackChatServer.Reply.ok(LoopbackChatServer.completion(name + ":" + prompt, 3, 1));
        };
    }

    private static OpenAiCompatibleClient fleet(List<String> urls, int concurrency, int maxRetries) {
        return OpenAiCompatibleClient.fleet(urls, new OpenAiSettings(urls.get(0), "qwen-test", null, concurrency,
                Duration.ofSeconds(10), maxRetries), FAST, Duration.ofMillis(100));
    }

    /** Runs the calls on {@code threads} threads; each answer's text, by prompt. */
    private static Map<String, String> callAll(OpenAiCompatibleClient client, int calls, int threads, Runnable afterEach)
            throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Generation>> results = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String prompt = "p" + i;
                results.add(callers.submit(() -> {
                    Generation g = client.generate(prompt, 1, 0.5, 8);
                    afterEach.run();
                    return g;
                }));
            }
            Map<String, String> answers = new HashMap<>();
            for (int i = 0; i < calls; i++) {
                answers.put("p" + i, results.get(i).get(30, TimeUnit.SECONDS).text());
            }
            return answers;
        } finally {
            callers.shutdownNow();
        }
    }

    private static Map<String, Integer> answeredPrompts(List<LoopbackChatServer> servers) {
        Map<String, Integer> count = new HashMap<>();
        for (LoopbackChatServer s : servers) {
            for (JsonNode r : s.answered()) {
                count.merge(r.path("messages").path(0).path("content").asText(), 1, Integer::sum);
            }
        }
        return count;
    }

    @Test
    void requestsSpreadOverTheEndpointsByRequestsInFlight() throws Exception {
        List<LoopbackChatServer> servers = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            servers.add(LoopbackChatServer.start(echoAfter(30, "s" + k)));
        }
        try (OpenAiCompatibleClient client = fleet(servers.stream().map(LoopbackChatServer::baseUrl).toList(), 6, 0)) {
            Map<String, String> answers = callAll(client, 60, 6, () -> { });
            assertEquals(60, answers.size());
            answers.forEach((prompt, text) -> assertTrue(text.endsWith(":" + prompt), text));
            for (LoopbackChatServer s : servers) {
                assertTrue(s.answered().size() >= 12, "each endpoint takes a fair share: " + s.answered().size() + " of 60");
                assertTrue(s.maxInFlight() <= 4, "six in flight over three endpoints: " + s.maxInFlight() + " at one");
            }
            assertEquals(60, client.endpoints().stream().mapToLong(EndpointFleet.Status::served).sum());
        } finally {
            servers.forEach(LoopbackChatServer::close);
        }
    }

    @Test
    void anEndpointKilledMidRunLosesNoCallAndRepeatsNoneAndIsReported() throws Exception {
        AtomicBoolean dying = new AtomicBoolean();
        CountDownLatch held = new CountDownLatch(1);
        List<LoopbackChatServer> servers = new ArrayList<>();
        servers.add(LoopbackChatServer.start(echoAfter(20, "s0")));
        // the victim holds what it receives once it is dying, so those requests are never answered
        servers.add(LoopbackChatServer.start((attempt, request) -> {
            if (dying.get()) {
                held.countDown();
                new CountDownLatch(1).await();
            }
            return echoAfter(20, "s1").reply(attempt, request);
        }));
        servers.add(LoopbackChatServer.start(echoAfter(20, "s2")));
        LoopbackChatServer victim = servers.get(1);
        AtomicInteger done = new AtomicInteger();
        try (OpenAiCompatibleClient client = fleet(servers.stream().map(LoopbackChatServer::baseUrl).toList(), 6, 2)) {
            Map<String, String> answers = callAll(client, 90, 6, () -> {
                if (done.incrementAndGet() == 20) {
                    dying.set(true);
                    new Thread(() -> {
                        try {
                            held.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        victim.close(); // with a request in flight
                    }).start();
                }
            });
            assertEquals(90, answers.size(), "no call lost");
            answers.forEach((prompt, text) -> assertTrue(text.endsWith(":" + prompt), text));
            Map<String, Integer> answered = answeredPrompts(servers);
            assertEquals(90, answered.size());
            answered.forEach((prompt, n) -> assertEquals(1, n, prompt + " answered " + n + " times"));
            assertTrue(victim.answered().size() > 0 && victim.requests().size() > victim.answered().size(),
                    "the victim answered some and dropped at least one: " + victim.answered().size() + " of "
                            + victim.requests().size());
            EndpointFleet.Status dead = client.endpoints().get(1);
            assertEquals(victim.baseUrl(), dead.baseUrl());
            assertFalse(dead.up(), "reported out");
            assertTrue(dead.failures() >= 1 && dead.lastFailure() != null, dead.toString());
            assertEquals(victim.answered().size(), dead.served());
        } finally {
            servers.forEach(LoopbackChatServer::close);
        }
    }

    @Test
    void anEndpointThatComesUpLaterIsTakenInByTheHealthCheck() throws Exception {
        String late = LoopbackChatServer.unreachableBaseUrl();
        try (LoopbackChatServer early = LoopbackChatServer.start(echoAfter(0, "early"));
             OpenAiCompatibleClient client = fleet(List.of(late, early.baseUrl()), 2, 0)) {
            for (int i = 0; i < 4; i++) {
                assertTrue(client.generate("a" + i, 1, 0.5, 8).text().startsWith("early:"), "the dead one fails over");
            }
            assertFalse(client.endpoints().get(0).up());
            try (LoopbackChatServer lateServer = LoopbackChatServer.startOn(URI.create(late).getPort(), echoAfter(0, "late"))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!client.endpoints().get(0).up() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(client.endpoints().get(0).up(), "back after a health check");
                for (int i = 0; i < 6; i++) {
                    client.generate("b" + i, 1, 0.5, 8);
                }
                assertTrue(lateServer.answered().size() >= 2, "takes requests again: " + lateServer.answered().size());
            }
        }
    }

    /** A 429 says busy: the endpoint stays in, and the retry waits its backoff rather than coming straight back. */
    @Test
    void aRateLimitedEndpointStaysInAndIsAskedAgainAfterABackoff() throws Exception {
        List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LoopbackChatServer busy = LoopbackChatServer.start((attempt, request) -> {
            arrivals.add(System.nanoTime());
            return attempt <= 2 ? new LoopbackChatServer.Reply(429, "{\"error\":\"slow down\"}")
                    : LoopbackChatServer.Reply.ok(LoopbackChatServer.completion("ok", 3, 1));
        });
             OpenAiCompatibleClient client = fleet(List.of(busy.baseUrl()), 1, 3)) {
            assertEquals("ok", client.generate("p", 1, 0.5, 8).text());
            assertEquals(3, busy.attempts());
            assertTrue(client.endpoints().get(0).up(), "still in");
            assertEquals(2, client.endpoints().get(0).failures());
            long gapMillis = (arrivals.get(1) - arrivals.get(0)) / 1_000_000;
            assertTrue(gapMillis >= FAST.beforeRetry(1).toMillis(), "waited its backoff: " + gapMillis + " ms");
        }
    }

    @Test
    void whenEveryEndpointIsOutTheCallFailsNamingThemAll() throws Exception {
        String a = LoopbackChatServer.unreachableBaseUrl();
        String b = LoopbackChatServer.unreachableBaseUrl();
        try (OpenAiCompatibleClient client = fleet(List.of(a, b), 2, 1)) {
            org.hitlbm.tree.llm.LlmException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.hitlbm.tree.llm.LlmException.class, () -> client.generate("x", 1, 0.5, 8));
            assertTrue(e.getMessage().contains(a) && e.getMessage().contains(b), e.getMessage());
        }
    }
}
