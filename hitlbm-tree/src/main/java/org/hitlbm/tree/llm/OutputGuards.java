package org.hitlbm.tree.llm;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What counts as an unusable LLM answer (issue: small real models loop, echo their chat template or
 * put almost no probability on Yes or No).
 *
 * @param minYesNoMass a Yes/No answer whose Yes+No variants held less first-token probability than
 *                     this is unusable (P(Yes) normalised from 0.006 of mass says nothing); 0 = off
 * @param minChars     a generation shorter than this (after trimming) is degenerate
 * @param retries      extra attempts, each with the next seed, before a degenerate generation is
 *                     recorded as failed; none at temperature 0, where another seed gives the same text
 */
public record OutputGuards(double minYesNoMass, int minChars, int retries) {
    /** No guard at all. */
    public static final OutputGuards NONE = new OutputGuards(0, 0, 0);

    /** Chat-template control tokens of the common model families; one in the text means the template leaked. */
    static final List<String> TEMPLATE_TOKENS = List.of("<|im_start|>", "<|im_end|>", "<|endoftext|>", "<|eot_id|>",
            "<|start_header_id|>", "<|end_header_id|>", "<start_of_turn>", "<end_of_turn>", "<|user|>", "<|assistant|>",
            "[INST]", "[/INST]", "<s>", "</s>");
    /** A word n-gram repeated this often, covering this share of the words, is a loop rather than emphasis. */
    static final int LOOP_N = 4;
    static final int LOOP_REPEATS = 4;
    static final double LOOP_SHARE = 0.4;

    public OutputGuards {
        if (!(minYesNoMass >= 0 && minYesNoMass <= 1)) {
            throw new IllegalArgumentException("minYesNoMass must be in [0, 1], got " + minYesNoMass);
        }
        if (minChars < 0 || retries < 0) {
            throw new IllegalArgumentException("minChars and retries must be >= 0, got " + minChars + ", " + retries);
        }
    }

    /** True when a Yes/No answer's mass is known and below the floor. */
    public boolean unusable(YesNo.Answer answer) {
        return answer.mass() < minYesNoMass; // NaN (mass unknown) compares false: kept
    }

    /** Why {@code text} is degenerate, or null when it is usable. */
    public String problem(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return "empty";
        }
        for (String token : TEMPLATE_TOKENS) {
            if (t.contains(token)) {
                return "echoes the chat-template token " + token;
            }
        }
        if (t.length() < minChars) {
            return "shorter than " + minChars + " characters";
        }
        return loop(t);
    }

    /** "a repeated 4-word loop" when one word 4-gram occurs LOOP_REPEATS+ times over LOOP_SHARE+ of the words. */
    static String loop(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length < LOOP_N * LOOP_REPEATS) {
            return null;
        }
        Map<String, Integer> counts = new HashMap<>();
        int most = 0;
        for (int i = 0; i + LOOP_N <= words.length; i++) {
            String gram = String.join(" ", java.util.Arrays.copyOfRange(words, i, i + LOOP_N));
            most = Math.max(most, counts.merge(gram, 1, Integer::sum));
        }
        return most >= LOOP_REPEATS && (double) most * LOOP_N / words.length >= LOOP_SHARE
                ? "a repeated " + LOOP_N + "-word loop" : null;
    }
}
