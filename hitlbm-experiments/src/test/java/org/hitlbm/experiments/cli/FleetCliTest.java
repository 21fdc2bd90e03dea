package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hitlbm.tree.cache.LlmCallCache;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.offline.OfflineProfiler;
import org.hitlbm.tree.llm.openai.LoopbackChatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llm.baseUrls} through a whole {@code hts} run: three loopback OpenAI-compatible servers
 * (answering as the offline stand-in would, so the pipeline gets usable text), one killed with a
 * request in flight. The run finishes, every call is answered exactly once, the dead endpoint is
 * reported, and the trees are those of a run against one healthy server.
 */
class FleetCliTest extends CliHarness {
    private static final OfflineProfiler STAND_IN = new OfflineProfiler();

    @TempDir
    Path dir;

    /** Answers a chat request the way the stand-in answers the same call. */
    private static LoopbackChatServer.Reply standIn(JsonNode request) {
        String prompt = request.path("messages").path(0).path("content").asText();
        if (request.path("logprobs").asBoolean(false)) {
            double p = Math.min(1 - 1e-6, Math.max(1e-6, STAND_IN.yesProbability(prompt)));
            Map<String, Double> top = p >= 0.5 ? linked("Yes", Math.log(p), "No", Math.log(1 - p))
                    : linked("No", Math.log(1 - p), "Yes", Math.log(p));
            return LoopbackChatServer.Reply.ok(LoopbackChatServer.firstTokenLogprobs(top));
        }
        Generation g = STAND_IN.generate(prompt, request.path("seed").asLong(), request.path("temperature").asDouble(),
                request.path("max_tokens").asInt());
        return LoopbackChatServer.Reply.ok(LoopbackChatServer.completion(g.text(), g.promptTokens(), g.completionTokens()));
    }

    private static Map<String, Double> linked(String a, double pa, String b, double pb) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put(a, pa);
        m.put(b, pb);
        return m;
    }

    private Path spec(String name, List<String> baseUrls) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  synthetic: {users: 12, items: 150, minBehaviors: 60, maxBehaviors: 100}
                chunking: {size: 20}
                llm: {backend: openai, model: loopback-model, baseUrls: '%s', concurrency: 4, timeoutSeconds: 10, maxRetries: 3,
                      healthCheckSeconds: 1}
                encoder: {name: bge-small-en-v1.5-q}
                tree: {expansions: 2, ratingCandidates: 2}
                tracking: {enabled: false}
                paths: {results: %s, cache: %s}
                """.formatted(String.join(",", baseUrls), dir.resolve("results"), dir.resolve("cache-" + name)));
        return file;
    }



    /** What identifies a call: the prompt, its kind and sampling settings. */
    private static String callOf(JsonNode request) {
        return request.path("logprobs").asBoolean(false) + "|" + request.path("seed").asText() + "|"
                + request.path("temperature").asText() + "|" + request.path("max_tokens").asText() + "|"
                + request.path("messages").path(0).path("content").asText();
    }

    @Test
    void anEndpointKilledMidRunLosesNoCallRepeatsNoneIsReportedAndTheTreesAreUnchanged() throws Exception {
        Map<String, String> reference;
        long referenceCalls;
        try (LoopbackChatServer one = LoopbackChatServer.start((attempt, request) -> standIn(request))) {
            assertEquals(0, cli("hts", spec("one", List.of(one.baseUrl())).toString()), stderr());
            referenceCalls = llmCalls(stdout());
            reference = treeFiles(dir.resolve("cache-one"));
        }
        assertEquals(12, reference.size(), reference.keySet().toString());

        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean dying = new AtomicBoolean();
        CountDownLatch held = new CountDownLatch(1);
        List<LoopbackChatServer> servers = new ArrayList<>();
        LoopbackChatServer.Responder counting = (attempt, request) -> {
            LoopbackChatServer.Reply reply = standIn(request);
            answered.incrementAndGet();
            return reply;
        };
        servers.add(LoopbackChatServer.start(counting));
        servers.add(LoopbackChatServer.start((attempt, request) -> {
            if (dying.get()) { // held, never answered: the server dies with it in flight
                held.countDown();
                new CountDownLatch(1).await();
            }
            if (answered.get() >= referenceCalls / 3) {
                dying.set(true);
            }
            return counting.reply(attempt, request);
        }));
        servers.add(LoopbackChatServer.start(counting));
        LoopbackChatServer victim = servers.get(1);
        Thread killer = new Thread(() -> {
            try {
                if (held.await(5, TimeUnit.MINUTES)) {
                    victim.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();
        try {
            Path spec = spec("fleet", servers.stream().map(LoopbackChatServer::baseUrl).toList());
            int code = cli("hts", spec.toString());
            String output = stdout() + stderr();
            assertEquals(0, code, output);
            assertTrue(held.getCount() == 0 && victim.requests().size() > victim.answered().size() && !victim.answered().isEmpty(),
                    "the victim answered some calls and died holding one: " + victim.answered().size() + " of " + victim.requests().size());

            Map<String, Integer> times = new TreeMap<>();
            servers.forEach(s -> s.answered().forEach(r -> times.merge(callOf(r), 1, Integer::sum)));
            times.forEach((call, n) -> assertEquals(1, n, "answered " + n + " times: " + call));
            long calls = llmCalls(stdout());
            long cached;
            try (LlmCallCache cache = new LlmCallCache(dir.resolve("cache-fleet").resolve("llm.sqlite"))) {
                cached = cache.size();
            }
            assertEquals(calls, times.size(), "every call the run made was answered once");
            assertEquals(cached, calls, "and every answer was kept");
            assertEquals(referenceCalls, calls, "as many calls as against one server");
            assertTrue(servers.get(0).answered().size() > 0 && servers.get(2).answered().size() > 0, "the load was spread");

            assertTrue(output.contains("llm fleet of 3") && output.contains(victim.baseUrl() + " OUT"), output);
            assertFalse(output.contains(servers.get(0).baseUrl() + " OUT"), output);
            assertEquals(reference, treeFiles(dir.resolve("cache-fleet")), "the same trees as against one healthy server");
        } finally {
            killer.interrupt();
            servers.forEach(LoopbackChatServer::close);
        }
    }
}
