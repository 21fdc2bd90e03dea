package org.hitlbm.tree.llm;

/**
 * A completion and its token counts (0 when the backend does not report them).
 *
 * @param problem null for a usable text; otherwise why {@link GuardedLlmClient} rejected every
 *                attempt ("empty", "a repeated 4-word loop", ...): callers never pass such a text on
 */
public record Generation(String text, int promptTokens, int completionTokens, String problem) {
    public Generation(String text, int promptTokens, int completionTokens) {
        this(text, promptTokens, completionTokens, null);
    }

    public boolean usable() {
        return problem == null;
    }

    /** This generation marked as rejected for {@code why}. */
    public Generation rejected(String why) {
        return new Generation(text, promptTokens, completionTokens, why);
    }
}
