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
    /**
     * Counts of one stage; prompt and completion tokens are of the calls still to do, and
     * {@code reusableTokens} of their prompt tokens a server's prefix cache would not read again
     * (each shares them with the call to do before it).
     */
    static final class Tally {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong cached = new AtomicLong();
        final AtomicLong promptTokens = new AtomicLong();
        final AtomicLong reusableTokens = new AtomicLong();
        final AtomicLong completionTokens = new AtomicLong();

        void todo(long prompt, long reusable, long completion) {
            add(1, 0, prompt, reusable, completion);
        }

        void add(long n, long nCached, long prompt, long reusable, long completion) {
            calls.addAndGet(n);
            cached.addAndGet(nCached);
            promptTokens.addAndGet(prompt);
            reusableTokens.addAndGet(reusable);
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
    /**
     * The last generation and the last Yes/No prompt this thread sent: what a server's prompt cache
     * still holds (llama-server keeps recent prompts in RAM, so a generation prompt repeated after a
     * few Yes/No calls is still found).
     */
    private final ThreadLocal<String[]> lastSent = ThreadLocal.withInitial(() -> new String[] {"", ""});

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
        t.todo(estimates.promptTokens(prompt.length()), reusable(prompt, GENERATE), Math.min(maxTokens, estimates.generationTokens()));
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
        t.todo(estimates.promptTokens(prompt.length()), reusable(prompt, YES_NO), 1);
        return YesNo.Answer.certain(0.5);
    }

    static final int GENERATE = 0;
    static final int YES_NO = 1;

    /** Tokens of the prefix {@code prompt} shares with this thread's previous call to do of its kind; it becomes that call. */
    long reusable(String prompt, int kind) {
        String[] last = lastSent.get();
        String previous = last[kind];
        last[kind] = prompt;
        return estimates.promptTokens(commonPrefix(previous, prompt));
    }

    static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private Optional<LlmCallCache.Entry> lookup(String key) {
        return cache == null ? Optional.empty() : cache.get(key);
    }
}
