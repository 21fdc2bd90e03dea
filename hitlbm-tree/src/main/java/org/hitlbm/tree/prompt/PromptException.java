package org.hitlbm.tree.prompt;

/** A prompt template that cannot be used as it is (unreadable for the backend, or a placeholder left unfilled). */
public final class PromptException extends IllegalArgumentException {
    public PromptException(String message) {
        super(message);
    }
}
