package org.hitlbm.tree.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmException;
import org.hitlbm.tree.llm.YesNo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real llama.cpp engine on a tiny random-weight GGUF written by the test. Every test that
 * loads a model lives here: a JVM holds one model, which this class shares.
 */
class LlamaCppEngineTest {
    private static final String PROMPT = "Is the sky blue?";

    @TempDir
    static Path dir;
    static Path modelFile;
    static LlamaCppSettings settings;
    static LlamaCppClient client;

    @BeforeAll
    static void load() throws Exception {
        modelFile = dir.resolve("tiny-llama.gguf");
        TinyLlamaGguf.write(modelFile, 42);
        settings = new LlamaCppSettings(modelFile, TinyLlamaGguf.CONTEXT, 2);
        client = new LlamaCppClient(settings);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void identifiesBackendAndModelFile() throws Exception {
        assertEquals("llamacpp", client.backend());
        assertEquals("tiny-llama.gguf:" + Files.size(modelFile), client.model());
    }

    @Test
    void sampledGenerationRepeatsForTheSameSeed() {
        Generation first = client.generate(PROMPT, 7, 0.8, 16);
        Generation second = client.generate(PROMPT, 7, 0.8, 16);

        assertFalse(first.text().isEmpty());
        assertEquals(first, second);
        assertTrue(first.promptTokens() > 0);
        assertTrue(first.completionTokens() > 0 && first.completionTokens() <= 16, first.toString());
    }

    /**
     * Prompt caching (LlamaCppClient.chat) reuses the KV cache of the longest common prefix with
     * the previous prompt and evaluates only the rest. What a prompt gets then depends on what was
     * asked before it, but only at float rounding: llama.cpp's logits are not bit-identical for
     * different batch splits of one prompt (measured here: up to about 2e-4 relative on the
     * first-token probabilities; the same prompt asked twice in a row is bit-identical). Seeded
     * generations stayed identical.
     */
    @Test
    void promptCachingChangesProbabilitiesOnlyAtRoundingAndNotSeededGenerations() {
        String other = "Does the user like westerns?";
        String longer = PROMPT + " Answer yes or no.";

        Map<String, Double> probabilities = client.firstTokenProbabilities(PROMPT);
        double yes = client.yesProbability(PROMPT);
        Generation generation = client.generate(PROMPT, 7, 0.8, 16);
        client.firstTokenProbabilities(other);
        client.generate(other, 7, 0.8, 16);
        assertRoundingClose(probabilities, client.firstTokenProbabilities(PROMPT));
        client.generate(other, 7, 0.8, 16);
        assertEquals(yes, client.yesProbability(PROMPT), 1e-4);
        client.generate(other, 7, 0.8, 16);
        assertEquals(generation, client.generate(PROMPT, 7, 0.8, 16));
        // asked twice in a row, the prompt is all cached but its last token: bit-identical
        assertEquals(client.firstTokenProbabilities(PROMPT), client.firstTokenProbabilities(PROMPT));

        // after an unrelated prompt only the chat template is shared; after PROMPT, PROMPT is too
        client.generate(other, 7, 0.8, 16);
        Map<String, Double> afterOther = client.firstTokenProbabilities(longer);
        client.generate(other, 7, 0.8, 16);
        Generation longerAfterOther = client.generate(longer, 9, 0.8, 16);
        client.generate(PROMPT, 7, 0.8, 16);
        assertRoundingClose(afterOther, client.firstTokenProbabilities(longer));
        client.generate(PROMPT, 7, 0.8, 16);
        assertEquals(longerAfterOther, client.generate(longer, 9, 0.8, 16));
    }

    /** The same candidate tokens, each probability within 1e-3 relative. */
    private static void assertRoundingClose(Map<String, Double> expected, Map<String, Double> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((token, p) -> assertEquals(p, actual.get(token), p * 1e-3, token + " in " + actual));
    }

    @Test
    void theSeedChangesWhatIsSampled() {
        String seven = client.generate(PROMPT, 7, 0.8, 16).text();
        boolean anotherSeedDiffers = false;
        for (long seed = 8; seed < 13 && !anotherSeedDiffers; seed++) {
            anotherSeedDiffers = !client.generate(PROMPT, seed, 0.8, 16).text().equals(seven);
        }
        assertTrue(anotherSeedDiffers, "five other seeds all sampled: " + seven);
    }

    @Test
    void greedyGenerationIgnoresTheSeed() {
        assertEquals(client.generate(PROMPT, 1, 0, 8).text(), client.generate(PROMPT, 2, 0, 8).text());
    }

    @Test
    void firstTokenProbabilitiesAreTheUntruncatedDistribution() {
        Map<String, Double> candidates = client.firstTokenProbabilities(PROMPT);

        assertEquals(LlamaCppClient.FIRST_TOKEN_CANDIDATES, candidates.size(), candidates.toString());
        double total = candidates.values().stream().mapToDouble(Double::doubleValue).sum();
        assertTrue(total > 0 && total <= 1 + 1e-4, "sum " + total);
        // greedy sampling would report 1 for the top token and 0 for the rest
        assertTrue(candidates.values().stream().filter(p -> p > 0 && p < 1).count() >= 2, candidates.toString());
        assertTrue(candidates.keySet().stream().anyMatch(YesNo::isYes), candidates.toString());
        assertTrue(candidates.keySet().stream().anyMatch(YesNo::isNo), candidates.toString());
    }

    @Test
    void yesProbabilityNormalisesTheYesAndNoMass() {
        double yes = client.yesProbability(PROMPT);

        assertEquals(YesNo.probability(client.firstTokenProbabilities(PROMPT)), yes, 1e-9);
        // the fixture lifts the Yes pieces a little above the No pieces, both above the rest
        assertTrue(yes > 0.5 && yes < 1, "P(yes) " + yes);
    }

    @Test
    void concurrentCallsTakeTurnsOnTheSharedModel() throws Exception {
        Generation expected = client.generate(PROMPT, 3, 0.8, 8);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Generation>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> client.generate(PROMPT, 3, 0.8, 8)));
            }
            for (Future<Generation> result : results) {
                assertEquals(expected, result.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aSecondClientForTheSameSettingsSharesTheModel() {
        LlamaCppClient again = new LlamaCppClient(new LlamaCppSettings(
                dir.resolve(".").resolve("tiny-llama.gguf"), TinyLlamaGguf.CONTEXT, 2));

        assertEquals(client.model(), again.model());
        assertEquals(client.generate(PROMPT, 5, 0.8, 8), again.generate(PROMPT, 5, 0.8, 8));
    }

    @Test
    void aDifferentModelInTheSameJvmIsRefused() throws Exception {
        Path other = dir.resolve("other-tiny-llama.gguf");
        TinyLlamaGguf.write(other, 43);

        LlmException e = assertThrows(LlmException.class,
                () -> new LlamaCppClient(new LlamaCppSettings(other, TinyLlamaGguf.CONTEXT, 2)));

        assertTrue(e.getMessage().contains("other-tiny-llama.gguf"), e.getMessage());
        assertTrue(e.getMessage().contains("one llama.cpp model per JVM"), e.getMessage());
        assertNotEquals(client.model(), "other-tiny-llama.gguf:" + Files.size(other));
    }
}
