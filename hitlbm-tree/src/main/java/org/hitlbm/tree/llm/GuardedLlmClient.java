package org.hitlbm.tree.llm;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The output guards ({@link OutputGuards}) in front of any backend (the cached one in a run):
 * a Yes/No answer with too little Yes+No mass becomes NaN (its AUC is then undefined and the
 * rating row drops out) instead of a confident 1.0; a degenerate generation is asked again with
 * the next seed (each attempt cached like any call), and after the last attempt comes back marked
 * {@link Generation#problem() rejected} so callers keep it out of later prompts. Counts all of it
 * for the summary line.
 */
public final class GuardedLlmClient extends ForwardingLlmClient {
    private final OutputGuards guards;
    private final AtomicLong unusableAnswers = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public GuardedLlmClient(LlmClient inner, OutputGuards guards) {
        super(inner);
        this.guards = guards;
    }

    @Override
    public Generation generate(String prompt, long seed, double temperature, int maxTokens) {
        int attempts = temperature > 0 ? 1 + guards.retries() : 1;
        Generation g = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            g = inner.generate(prompt, seed + attempt, temperature, maxTokens);
            String problem = guards.problem(g.text());
            if (problem == null) {
                return g;
            }
            g = g.rejected(problem);
            if (attempt + 1 < attempts) {
                retried.incrementAndGet();
            }
        }
        failed.incrementAndGet();
        return g;
    }

    @Override
    public double yesProbability(String prompt) {
        return yesNo(prompt).probability();
    }

    /** The backend's answer, with probability NaN when its Yes+No mass is under the floor. */
    @Override
    public YesNo.Answer yesNo(String prompt) {
        YesNo.Answer answer = inner.yesNo(prompt);
        if (guards.unusable(answer)) {
            unusableAnswers.incrementAndGet();
            return new YesNo.Answer(Double.NaN, answer.mass());
        }
        return answer;
    }

    /** Yes/No answers turned to NaN for too little mass. */
    public long unusableAnswers() {
        return unusableAnswers.get();
    }

    /** Degenerate generations asked again with the next seed. */
    public long retriedGenerations() {
        return retried.get();
    }

    /** Generations still degenerate after the last attempt. */
    public long failedGenerations() {
        return failed.get();
    }

    /** ", guards: 3 unusable yes/no, 2 retried, 1 failed generations", or "" when none fired. */
    public String stats() {
        return unusableAnswers() + retriedGenerations() + failedGenerations() == 0 ? ""
                : String.format(", guards: %d unusable yes/no, %d retried, %d failed generations", unusableAnswers(),
                        retriedGenerations(), failedGenerations());
    }
}
