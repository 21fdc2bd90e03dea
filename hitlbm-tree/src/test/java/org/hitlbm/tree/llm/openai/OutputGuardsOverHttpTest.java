package org.hitlbm.tree.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hitlbm.tree.cache.CachedLlmClient;
import org.hitlbm.tree.cache.LlmCallCache;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.GuardedLlmClient;
import org.hitlbm.tree.llm.OutputGuards;
import org.hitlbm.tree.llm.YesNo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output guards on crafted server responses, through the OpenAI path and the call cache, as a run uses them. */
class OutputGuardsOverHttpTest {
    private static final OutputGuards GUARDS = new OutputGuards(0.5, 20, 2);

    private static OpenAiCompatibleClient clientFor(LoopbackChatServer server) {
        return new OpenAiCompatibleClient(new OpenAiSettings(server.baseUrl(), "m", null, 1, Duration.ofSeconds(5), 0));
    }

    @Test
    void littleYesNoMassIsUnusableNotACertainYes(@TempDir Path dir) throws Exception {
        Map<String, Double> top = new LinkedHashMap<>();
        top.put("The", Math.log(0.95));
        top.put("Yes", Math.log(0.004));
        top.put("No", Math.log(0.002));
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> LoopbackChatServer.Reply.ok(LoopbackChatServer.firstTokenLogprobs(top)));
             LlmCallCache cache = new LlmCallCache(dir.resolve("llm.sqlite"))) {
            CachedLlmClient cached = new CachedLlmClient(clientFor(server), cache);
            YesNo.Answer raw = cached.yesNo("q");
            assertEquals(2.0 / 3, raw.probability(), 1e-9, "normalised, the answer would look like a fair Yes");
            assertEquals(0.006, raw.mass(), 1e-9);

            GuardedLlmClient guarded = new GuardedLlmClient(cached, GUARDS);
            assertTrue(Double.isNaN(guarded.yesProbability("q")), "unusable: NaN, not 0.67");
            assertEquals(1, guarded.unusableAnswers());
            assertEquals(1, server.requests().size(), "the second ask came from the cache, mass included");
            assertTrue(guarded.stats().contains("1 unusable yes/no"), guarded.stats());
        }
    }

    @Test
    void enoughMassPassesUntouched(@TempDir Path dir) throws Exception {
        Map<String, Double> top = new LinkedHashMap<>();
        top.put("Yes", Math.log(0.6));
        top.put("No", Math.log(0.3));
        try (LoopbackChatServer server = LoopbackChatServer.start(
                (attempt, request) -> LoopbackChatServer.Reply.ok(LoopbackChatServer.firstTokenLogprobs(top)))) {
            GuardedLlmClient guarded = new GuardedLlmClient(clientFor(server), GUARDS);
            assertEquals(2.0 / 3, guarded.yesProbability("q"), 1e-9);
            assertEquals(0, guarded.unusableAnswers());
            assertEquals("", guarded.stats());
        }
    }

    /** The cache key includes the seed: the retry is a new call, answered by the server, cached like the first. */
    @Test
    void aDegenerateGenerationIsAskedAgainWithTheNextSeed(@TempDir Path dir) throws Exception {
        AtomicInteger asked = new AtomicInteger();
        String[] replies = {"<|im_start|>assistant<|im_end|>", "", "Likes slow, character-driven dramas of the 1990s."};
        try (LoopbackChatServer server = LoopbackChatServer.start((attempt, request) ->
                LoopbackChatServer.Reply.ok(LoopbackChatServer.completion(replies[asked.getAndIncrement()], 10, 5)));
             LlmCallCache cache = new LlmCallCache(dir.resolve("llm.sqlite"))) {
            GuardedLlmClient guarded = new GuardedLlmClient(new CachedLlmClient(clientFor(server), cache), GUARDS);
            Generation g = guarded.generate("summarise", 40, 0.9, 64);
            assertTrue(g.usable());
            assertEquals(replies[2], g.text());
            assertEquals(2, guarded.retriedGenerations());
            assertEquals(0, guarded.failedGenerations());
            assertEquals(40, server.requests().get(0).path("seed").asLong());
            assertEquals(42, server.requests().get(2).path("seed").asLong());

            GuardedLlmClient again = new GuardedLlmClient(new CachedLlmClient(clientFor(server), cache), GUARDS);
            assertEquals(replies[2], again.generate("summarise", 40, 0.9, 64).text());
            assertEquals(3, server.requests().size(), "a re-run repeats no attempt");
        }
    }

    @Test
    void afterTheLastAttemptTheGenerationIsRecordedAsFailed() throws Exception {
        try (LoopbackChatServer server = LoopbackChatServer.start((attempt, request) ->
                LoopbackChatServer.Reply.ok(LoopbackChatServer.completion("ok", 10, 1)))) {
            GuardedLlmClient guarded = new GuardedLlmClient(clientFor(server), GUARDS);
            Generation g = guarded.generate("summarise", 7, 0.9, 64);
            assertFalse(g.usable());
            assertEquals("shorter than 20 characters", g.problem());
            assertEquals(3, server.requests().size(), "the first attempt and two retries");
            assertEquals(1, guarded.failedGenerations());

            Generation greedy = guarded.generate("summarise", 7, 0.0, 64);
            assertFalse(greedy.usable());
            assertEquals(4, server.requests().size(), "at temperature 0 another seed gives the same text: no retry");
        }
    }
}
