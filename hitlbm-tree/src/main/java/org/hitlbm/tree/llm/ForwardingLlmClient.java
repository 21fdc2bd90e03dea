package org.hitlbm.tree.llm;

/**
 * A client in front of another (the call cache, the output guards, test recorders): the same
 * backend and model, so cache keys name what really answers, and closing closes the inner one.
 * Subclasses override the calls they change.
 */
public abstract class ForwardingLlmClient implements LlmClient {
    protected final LlmClient inner;

    protected ForwardingLlmClient(LlmClient inner) {
        this.inner = java.util.Objects.requireNonNull(inner, "inner");
    }

    @Override
    public String backend() {
        return inner.backend();
    }

    @Override
    public String model() {
        return inner.model();
    }

    @Override
    public Generation generate(String prompt, long seed, double temperature, int maxTokens) {
        return inner.generate(prompt, seed, temperature, maxTokens);
    }

    @Override
    public double yesProbability(String prompt) {
        return inner.yesProbability(prompt);
    }

    @Override
    public YesNo.Answer yesNo(String prompt) {
        return inner.yesNo(prompt);
    }

    @Override
    public void close() {
        inner.close();
    }
}
