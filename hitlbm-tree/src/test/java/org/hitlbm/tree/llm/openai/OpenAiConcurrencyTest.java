package org.hitlbm.tree.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hitlbm.tree.llm.Generation;
import org.junit.jupiter.api.Test;

/** Many threads may share one client; the server never sees more than maxConcurrency requests at once. */
class OpenAiConcurrencyTest {
    @Test
    void eightParallelCallsNeverExceedTwoInFlight() throws Exception {
        int calls = 8;
        try (LoopbackChatServer server = LoopbackChatServer.start((attempt, request) -> {
            Thread.sleep(100); // long enough for unbounded callers to pile up
            return LoopbackChatServer.Reply.ok(LoopbackChatServer.completion("r" + request.path("seed").asInt(), 3, 1));
        });
             OpenAiCompatibleClient client = new OpenAiCompatibleClient(
                     new OpenAiSettings(server.baseUrl(), "qwen-test", null, 2, Duration.ofSeconds(10), 0))) {
            ExecutorService callers = Executors.newFixedThreadPool(calls);
            try {
                List<Future<Generation>> results = new ArrayList<>();
                for (int seed = 0; seed < calls; seed++) {
                    long s = seed;
                    results.add(callers.submit(() -> client.generate("p", s, 1.0, 8)));
                }
                for (int seed = 0; seed < calls; seed++) {
                    assertEquals("r" + seed, results.get(seed).get().text());
                }
            } finally {
                callers.shutdownNow();
            }
            assertEquals(calls, server.attempts());
            assertTrue(server.maxInFlight() >= 1 && server.maxInFlight() <= 2,
                    "server saw " + server.maxInFlight() + " requests in flight at once; the limit is 2");
        }
    }
}
