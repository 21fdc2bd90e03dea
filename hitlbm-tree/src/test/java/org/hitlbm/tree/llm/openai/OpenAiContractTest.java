package org.hitlbm.tree.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hitlbm.tree.llm.Generation;
import org.junit.jupiter.api.Test;

/**
 * Contract test of {@link OpenAiCompatibleClient} against the OpenAI chat-completions protocol,
 * played by a loopback server: what the client must send (model, user message, seed, temperature,
 * max_tokens, logprobs, top_logprobs) and what it must read back (choices[0].message.content, usage,
 * choices[0].logprobs.content[0].top_logprobs). A server that honours this contract works.
 */
class OpenAiContractTest {
    private static final Backoff TINY = new Backoff(Duration.ofMillis(1), Duration.ofMillis(4));

    private static OpenAiCompatibleClient clientFor(LoopbackChatServer server) {
        return new OpenAiCompatibleClient(
                new OpenAiSettings(server.baseUrl(), "qwen-test", null, 4, Duration.ofSeconds(10), 2), TINY);
    }

    @Test
    void generateSendsSeedTemperatureAndMaxTokensAndReturnsTextAndUsage() throws Exception {
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> LoopbackChatServer.Reply.ok(
                        LoopbackChatServer.completion("Likes sci-fi films.", 42, 7)));
             OpenAiCompatibleClient client = clientFor(server)) {
            Generation generation = client.generate("Describe the user.", 17L, 0.7, 64);

            assertEquals("Likes sci-fi films.", generation.text());
            assertEquals(42, generation.promptTokens());
            assertEquals(7, generation.completionTokens());

            assertEquals(1, server.requests().size());
            JsonNode sent = server.requests().get(0);
            assertEquals("qwen-test", sent.path("model").asText());
            assertEquals(17L, sent.path("seed").asLong());
            assertEquals(0.7, sent.path("temperature").asDouble(), 0.0);
            assertEquals(64, sent.path("max_tokens").asInt());
            assertEquals(1, sent.path("messages").size());
            assertEquals("user", sent.path("messages").get(0).path("role").asText());
            assertEquals("Describe the user.", sent.path("messages").get(0).path("content").asText());
            assertFalse(sent.has("logprobs"), "generate must not ask for logprobs: " + sent);
            assertFalse(sent.has("n"), "Best-of-N is N seeded calls, never n > 1: " + sent);
            assertEquals("Bearer none", server.authorizations().get(0), "a null API key is sent as 'none'");
        }
    }

    @Test
    void seedsBeyondIntRangeAreSentWhole() throws Exception {
        long seed = 1L << 40;
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> LoopbackChatServer.Reply.ok(LoopbackChatServer.completion("ok", 1, 1)));
             OpenAiCompatibleClient client = clientFor(server)) {
            client.generate("p", seed, 1.0, 8);
            JsonNode sent = server.requests().get(0);
            assertTrue(sent.path("seed").isIntegralNumber(), "seed missing or not a number: " + sent);
            assertEquals(seed, sent.path("seed").asLong());
        }
    }

    @Test
    void yesProbabilityAsksForOneGreedyTokenWithTopLogprobsAndNormalisesYesOverNo() throws Exception {
        Map<String, Double> top = new LinkedHashMap<>();
        top.put("Yes", -0.2);
        top.put(" yes", -2.0);
        top.put("No", -1.8);
        top.put("Maybe", -3.0);
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> LoopbackChatServer.Reply.ok(LoopbackChatServer.firstTokenLogprobs(top)));
             OpenAiCompatibleClient client = clientFor(server)) {
            double p = client.yesProbability("Does the user like it? Answer Yes or No.");

            // (e^-0.2 + e^-2.0) / (e^-0.2 + e^-2.0 + e^-1.8); "Maybe" is neither and drops out
            assertEquals(0.8523279722293607, p, 1e-12);

            JsonNode sent = server.requests().get(0);
            assertEquals(1, sent.path("max_tokens").asInt());
            assertEquals(0.0, sent.path("temperature").asDouble(-1), 0.0);
            assertTrue(sent.path("logprobs").asBoolean(), "logprobs not requested: " + sent);
            assertEquals(20, sent.path("top_logprobs").asInt());
            assertEquals("Does the user like it? Answer Yes or No.",
                    sent.path("messages").get(0).path("content").asText());
        }
    }

    @Test
    void yesProbabilityIsOneHalfWhenNeitherYesNorNoIsAmongTheTopTokens() throws Exception {
        Map<String, Double> top = new LinkedHashMap<>();
        top.put("Maybe", -0.1);
        top.put("Perhaps", -2.5);
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> LoopbackChatServer.Reply.ok(LoopbackChatServer.firstTokenLogprobs(top)));
             OpenAiCompatibleClient client = clientFor(server)) {
            assertEquals(0.5, client.yesProbability("q"), 0.0);
        }
    }

    @Test
    void identifiesItselfAsTheOpenAiBackendWithTheServerModelName() throws Exception {
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> LoopbackChatServer.Reply.ok(LoopbackChatServer.completion("x", 1, 1)));
             OpenAiCompatibleClient client = clientFor(server)) {
            assertEquals("openai", client.backend());
            assertEquals("qwen-test", client.model());
        }
    }
}
