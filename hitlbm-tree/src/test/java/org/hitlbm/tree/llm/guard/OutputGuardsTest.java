package org.hitlbm.tree.llm.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.PreparedData;
import org.hitlbm.tree.TreeFixtures;
import org.hitlbm.tree.cube.CubeCascade;
import org.hitlbm.tree.cube.CubeSettings;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.GuardedLlmClient;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.llm.OutputGuards;
import org.hitlbm.tree.llm.YesNo;
import org.hitlbm.tree.llm.offline.OfflineProfiler;
import org.hitlbm.tree.prompt.Prompts;
import org.junit.jupiter.api.Test;

/** What the degeneration and mass guards call unusable, and that the cascade never feeds such a text on. */
class OutputGuardsTest {
    private static final OutputGuards GUARDS = new OutputGuards(0.5, 20, 2);

    @Test
    void degenerateTexts() {
        assertEquals("empty", GUARDS.problem("   \n"));
        assertEquals("empty", GUARDS.problem(null));
        assertEquals("shorter than 20 characters", GUARDS.problem("Action."));
        assertEquals("echoes the chat-template token <|im_end|>", GUARDS.problem("The user likes westerns.<|im_end|>"));
        assertEquals("echoes the chat-template token <start_of_turn>", GUARDS.problem("<start_of_turn>model\nThe user likes war films"));
        String loop = "The user likes action movies. ".repeat(8);
        assertEquals("a repeated 4-word loop", GUARDS.problem(loop));
        assertEquals("a repeated 4-word loop", GUARDS.problem("The user enjoys comedies and dramas. " + "and so on and so on ".repeat(6)));
    }

    @Test
    void ordinaryTextsPass() {
        assertNull(GUARDS.problem("The user prefers Drama and Romance, rates Crime highly, and has moved away from Horror since the"
                + " last chunk; the user likes Drama most, then the user likes Romance."));
        assertNull(GUARDS.problem("Yes, the user enjoys science fiction."));
        // the offline stand-in's summaries, which repeat genre names in a fixed frame
        OfflineProfiler offline = new OfflineProfiler();
        PreparedData data = TreeFixtures.data(6);
        Prompts prompts = TreeFixtures.prompts(data);
        List<String> texts = new CubeCascade(offline, prompts, new CubeSettings(0.5, 0, 512, 1, 1)).interests(
                data.dataset().histories().get(0), data.chunks().get(0));
        for (String t : texts) {
            assertNull(GUARDS.problem(t), t);
        }
    }

    @Test
    void massBelowTheFloorIsUnusableAndUnknownMassIsKept() {
        assertTrue(GUARDS.unusable(new YesNo.Answer(1.0, 0.006)));
        assertFalse(GUARDS.unusable(new YesNo.Answer(0.7, 0.5)));
        assertFalse(GUARDS.unusable(new YesNo.Answer(0.7, Double.NaN)), "answers cached before the mass was kept");
        assertFalse(OutputGuards.NONE.unusable(new YesNo.Answer(1.0, 0.0)));
        YesNo.Answer answer = YesNo.answer(Map.of(" Yes", 0.6, "no", 0.2, "Maybe", 0.2));
        assertEquals(0.75, answer.probability(), 1e-12);
        assertEquals(0.8, answer.mass(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new OutputGuards(1.5, 0, 0));
    }

    /** A client whose answer to one chunk's prompt is a loop, whatever the seed. */
    private static final class LoopsOnChunk implements LlmClient {
        final List<String> prompts = new ArrayList<>();
        final OfflineProfiler offline = new OfflineProfiler();
        int interestCalls;

        @Override
        public String backend() {
            return "test";
        }

        @Override
        public String model() {
            return "loops";
        }

        @Override
        public Generation generate(String prompt, long seed, double temperature, int maxTokens) {
            prompts.add(prompt);
            return interestCalls++ < 3 ? new Generation("I like it. ".repeat(10), 1, 1) // chunk 0: all three attempts
                    : offline.generate(prompt, seed, temperature, maxTokens);
        }

        @Override
        public double yesProbability(String prompt) {
            return 0.5;
        }
    }

    @Test
    void theCascadeNeverFeedsARejectedInterestIntoTheNextPrompt() {
        PreparedData data = TreeFixtures.data(6);
        Prompts prompts = TreeFixtures.prompts(data);
        LoopsOnChunk backend = new LoopsOnChunk();
        GuardedLlmClient guarded = new GuardedLlmClient(backend, GUARDS);
        List<String> interests = new CubeCascade(guarded, prompts, new CubeSettings(0.5, 0, 512, 1, 1)).interests(
                data.dataset().histories().get(0), data.chunks().get(0));
        assertTrue(data.chunks().get(0).count() >= 2);
        assertEquals("", interests.get(0), "chunk 0 had no usable interest");
        assertEquals(1, guarded.failedGenerations());
        assertEquals(2, guarded.retriedGenerations());
        String secondChunkPrompt = backend.prompts.get(3);
        assertFalse(secondChunkPrompt.contains("I like it."), "the loop never reaches a later prompt");
        assertEquals(prompts.interest(data.dataset().histories().get(0), data.chunks().get(0), 1, null), secondChunkPrompt,
                "chunk 1 is asked as a first chunk: there was no usable previous interest");
        assertFalse(interests.get(1).isEmpty());
    }
}
