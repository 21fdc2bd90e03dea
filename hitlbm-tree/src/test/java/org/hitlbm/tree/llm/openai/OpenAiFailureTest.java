package org.hitlbm.tree.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmException;
import org.junit.jupiter.api.Test;

/** How {@link OpenAiCompatibleClient} retries transient failures and reports the rest. */
class OpenAiFailureTest {
    private static final int MAX_RETRIES = 2;
    private static final Backoff TINY = new Backoff(Duration.ofMillis(1), Duration.ofMillis(4));

    private static OpenAiCompatibleClient clientFor(String baseUrl, Duration timeout) {
        return new OpenAiCompatibleClient(
                new OpenAiSettings(baseUrl, "qwen-test", "sk-test", 2, timeout, MAX_RETRIES), TINY);
    }

    private static OpenAiCompatibleClient clientFor(LoopbackChatServer server) {
        return clientFor(server.baseUrl(), Duration.ofSeconds(10));
    }

    private static void assertNamesServer(LlmException e, String baseUrl) {
        assertTrue(e.getMessage().contains(baseUrl), "message should name the URL: " + e.getMessage());
        assertTrue(e.getMessage().contains("qwen-test"), "message should name the model: " + e.getMessage());
    }

    @Test
    void unreachableServerFailsNamingTheUrlAfterTheBoundedRetries() throws Exception {
        String baseUrl = LoopbackChatServer.unreachableBaseUrl();
        try (OpenAiCompatibleClient client = clientFor(baseUrl, Duration.ofSeconds(5))) {
            LlmException e = assertThrows(LlmException.class, () -> client.generate("p", 1, 0.0, 8));
            assertNamesServer(e, baseUrl);
            assertTrue(e.getMessage().contains("connection failed"), e.getMessage());
            assertTrue(e.getMessage().contains("after " + (MAX_RETRIES + 1) + " attempts"), e.getMessage());
        }
    }

    @Test
    void serverErrorStormFailsAfterExactlyMaxRetriesPlusOneAttempts() throws Exception {
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> new LoopbackChatServer.Reply(500, "{\"error\":\"overloaded\"}"));
             OpenAiCompatibleClient client = clientFor(server)) {
            LlmException e = assertThrows(LlmException.class, () -> client.generate("p", 1, 0.0, 8));
            assertEquals(MAX_RETRIES + 1, server.attempts());
            assertNamesServer(e, server.baseUrl());
            assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
            assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        }
    }

    @Test
    void twoServerErrorsThenSuccessSucceedsOnTheThirdAttempt() throws Exception {
        try (LoopbackChatServer server = LoopbackChatServer.start((attempt, request) -> attempt <= 2
                ? new LoopbackChatServer.Reply(503, "{\"error\":\"warming up\"}")
                : LoopbackChatServer.Reply.ok(LoopbackChatServer.completion("recovered", 5, 1)));
             OpenAiCompatibleClient client = clientFor(server)) {
            Generation generation = client.generate("p", 1, 0.0, 8);
            assertEquals("recovered", generation.text());
            assertEquals(3, server.attempts());
        }
    }

    @Test
    void rateLimitIsRetriedLikeServerErrors() throws Exception {
        try (LoopbackChatServer server = LoopbackChatServer.start((attempt, request) -> attempt <= 2
                ? new LoopbackChatServer.Reply(429, "{\"error\":\"slow down\"}")
                : LoopbackChatServer.Reply.ok(LoopbackChatServer.completion("after the wait", 5, 2)));
             OpenAiCompatibleClient client = clientFor(server)) {
            assertEquals("after the wait", client.generate("p", 1, 0.0, 8).text());
            assertEquals(3, server.attempts());
        }
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> new LoopbackChatServer.Reply(429, "{\"error\":\"slow down\"}"));
             OpenAiCompatibleClient client = clientFor(server)) {
            LlmException e = assertThrows(LlmException.class, () -> client.yesProbability("q"));
            assertEquals(MAX_RETRIES + 1, server.attempts());
            assertTrue(e.getMessage().contains("HTTP 429"), e.getMessage());
        }
    }

    @Test
    void unauthorisedIsNotRetried() throws Exception {
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> new LoopbackChatServer.Reply(401, "{\"error\":\"bad key\"}"));
             OpenAiCompatibleClient client = clientFor(server)) {
            LlmException e = assertThrows(LlmException.class, () -> client.generate("p", 1, 0.0, 8));
            assertEquals(1, server.attempts());
            assertNamesServer(e, server.baseUrl());
            assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
            assertTrue(e.getMessage().contains("bad key"), "the server's reason should be quoted: " + e.getMessage());
        }
    }

    @Test
    void bodyThatIsNotJsonFailsWithoutRetry() throws Exception {
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> LoopbackChatServer.Reply.ok("<html>proxy says hi</html>"));
             OpenAiCompatibleClient client = clientFor(server)) {
            LlmException e = assertThrows(LlmException.class, () -> client.generate("p", 1, 0.0, 8));
            assertEquals(1, server.attempts());
            assertNamesServer(e, server.baseUrl());
            assertTrue(e.getMessage().contains("malformed response"), e.getMessage());
        }
    }

    @Test
    void responseWithoutChoicesFailsSayingSo() throws Exception {
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> LoopbackChatServer.Reply.ok("{\"id\":\"x\",\"choices\":[]}"));
             OpenAiCompatibleClient client = clientFor(server)) {
            LlmException e = assertThrows(LlmException.class, () -> client.generate("p", 1, 0.0, 8));
            assertEquals(1, server.attempts());
            assertTrue(e.getMessage().contains("no choices"), e.getMessage());
        }
    }

    @Test
    void missingLogprobsFailSayingWhatIsMissing() throws Exception {
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> LoopbackChatServer.Reply.ok(LoopbackChatServer.completion("Yes", 9, 1)));
             OpenAiCompatibleClient client = clientFor(server)) {
            LlmException e = assertThrows(LlmException.class, () -> client.yesProbability("q"));
            assertNamesServer(e, server.baseUrl());
            assertTrue(e.getMessage().contains("logprobs"), e.getMessage());
        }
    }

    @Test
    void emptyTopLogprobsFailSayingWhatIsMissing() throws Exception {
        String body = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Yes\"},"
                + "\"logprobs\":{\"content\":[{\"token\":\"Yes\",\"logprob\":-0.1,\"top_logprobs\":[]}]}}]}";
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> LoopbackChatServer.Reply.ok(body));
             OpenAiCompatibleClient client = clientFor(server)) {
            LlmException e = assertThrows(LlmException.class, () -> client.yesProbability("q"));
            assertTrue(e.getMessage().contains("top_logprobs"), e.getMessage());
        }
    }

    @Test
    void readTimeoutIsRetried() throws Exception {
        try (LoopbackChatServer server = LoopbackChatServer.start((attempt, request) -> {
            if (attempt == 1) {
                Thread.sleep(3_000); // far beyond the client's timeout
            }
            return LoopbackChatServer.Reply.ok(LoopbackChatServer.firstTokenLogprobs(Map.of("Yes", 0.0)));
        });
             OpenAiCompatibleClient client = clientFor(server.baseUrl(), Duration.ofMillis(300))) {
            assertEquals(1.0, client.yesProbability("q"), 0.0);
            assertEquals(2, server.attempts());
        }
    }
}
