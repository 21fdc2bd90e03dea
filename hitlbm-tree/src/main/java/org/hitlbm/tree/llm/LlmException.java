package org.hitlbm.tree.llm;

/** A language-model call that failed for good (after any retries); the message names the backend. */
public class LlmException extends RuntimeException {
    public LlmException(String message) {
        super(message);
    }

    public LlmException(String message, Throwable cause) {
        super(message, cause);
    }
}
