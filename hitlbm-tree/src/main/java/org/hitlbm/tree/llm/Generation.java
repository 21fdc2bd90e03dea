package org.hitlbm.tree.llm;

/**
 * A completion and its token counts (0 when the backend does not report them).
 */
public record Generation(String text, int promptTokens, int completionTokens) {
}
