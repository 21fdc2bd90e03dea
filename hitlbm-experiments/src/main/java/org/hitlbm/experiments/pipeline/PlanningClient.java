package org.hitlbm.experiments.pipeline;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hitlbm.tree.cache.LlmCallCache;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.llm.YesNo;

/**
 * Stands in for the backend while {@link LlmPlan} replays the LLM stages: a call the cache holds
 * (under the configured backend's identity) is answered from it, so the prompts that follow are
 * the ones the run will send; any other call is tallied as to do and answered with a placeholder
 * of the expected length. It never reaches a model and never writes the cache.
 */
final class PlanningClient implements LlmClient {
    /** Counts of one stage; prompt and completion tokens are of the calls still to do. */
    static final class Tally {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong cached = new AtomicLong();
        final AtomicLong promptChars = new AtomicLong();
        final AtomicLong promptTokens = new AtomicLong();
        final AtomicLong completionTokens = new AtomicLong();

        void todo(long chars, long prompt, long completion) {
            calls.incrementAndGet();
            promptChars.addAndGet(chars);
            promptTokens.addAndGet(prompt);
            completionTokens.addAndGet(completion);
        }

        void add(long n, long nCached, long chars, long prompt, long completion) {
            calls.addAndGet(n);
            cached.addAndGet(nCached);
            promptChars.addAndGet(chars);
            promptTokens.addAndGet(prompt);
            completionTokens.addAndGet(completion);
        }
    }

    private final LlmCallCache cache;
    private final String backend;
    private final String model;
    private final LlmPlan.Estimates estimates;
    private final String placeholder;
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    private volatile String stage = "";

    /** @param cache null when there is no cache file yet */
    PlanningClient(LlmCallCache cache, String backend, String model, LlmPlan.Estimates estimates) {
        this.cache = cache;
        this.backend = backend;
        this.model = model;
        this.estimates = estimates;
        this.placeholder = LlmPlan.placeholderText(estimates.generationChars());
    }

    /** Calls from now on count towards {@code name} (stages are replayed one after another). */
    void stage(String name) {
        stage = name;
    }

    Tally tally(String name) {
        return tallies.computeIfAbsent(name, n -> new Tally());
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public Generation generate(String prompt, long seed, double temperature, int maxTokens) {
        Optional<LlmCallCache.Entry> hit = lookup(LlmCallCache.key(backend, model, "generate", prompt, seed, temperature, maxTokens));
        Tally t = tally(stage);
        if (hit.isPresent()) {
            t.calls.incrementAndGet();
            t.cached.incrementAndGet();
            return new Generation(hit.get().response(), hit.get().promptTokens(), hit.get().completionTokens());
        }
        t.todo(prompt.length(), estimates.promptTokens(prompt.length()), Math.min(maxTokens, estimates.generationTokens()));
        return new Generation(placeholder, 0, 0);
    }

    @Override
    public double yesProbability(String prompt) {
        return yesNo(prompt).probability();
    }

    @Override
    public YesNo.Answer yesNo(String prompt) {
        Optional<LlmCallCache.Entry> hit = lookup(LlmCallCache.key(backend, model, "yes", prompt, 0, 0, 1));
        Tally t = tally(stage);
        if (hit.isPresent()) {
            t.calls.incrementAndGet();
            t.cached.incrementAndGet();
            return new YesNo.Answer(hit.get().yesProbability(), hit.get().yesNoMass());
        }
        t.todo(prompt.length(), estimates.promptTokens(prompt.length()), 1);
        return YesNo.Answer.certain(0.5);
    }

    private Optional<LlmCallCache.Entry> lookup(String key) {
        return cache == null ? Optional.empty() : cache.get(key);
    }
}
