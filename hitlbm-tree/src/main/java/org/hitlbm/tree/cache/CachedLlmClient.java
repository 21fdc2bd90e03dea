package org.hitlbm.tree.cache;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.hitlbm.tree.llm.ForwardingLlmClient;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.llm.YesNo;

/**
 * Puts {@link LlmCallCache} in front of any backend: a call answered before is read from disk, so
 * re-runs, grid cells that share settings and a resumed run after a kill repeat no call.
 * Counts hits, misses and tokens for the progress line and tracking.
 */
public final class CachedLlmClient extends ForwardingLlmClient {
    private final LlmCallCache cache;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong completionTokens = new AtomicLong();

    public CachedLlmClient(LlmClient inner, LlmCallCache cache) {
        super(inner);
        this.cache = cache;
    }

    @Override
    public Generation generate(String prompt, long seed, double temperature, int maxTokens) {
        String key = LlmCallCache.key(backend(), model(), "generate", prompt, seed, temperature, maxTokens);
        Optional<LlmCallCache.Entry> cached = cache.getOrClaim(key);
        if (cached.isPresent()) {
            hits.incrementAndGet();
            LlmCallCache.Entry e = cached.get();
            return new Generation(e.response(), e.promptTokens(), e.completionTokens());
        }
        Generation g;
        try {
            g = inner.generate(prompt, seed, temperature, maxTokens);
        } catch (RuntimeException e) {
            cache.release(key);
            throw e;
        }
        misses.incrementAndGet();
        promptTokens.addAndGet(g.promptTokens());
        completionTokens.addAndGet(g.completionTokens());
        cache.put(key, backend(), model(), "generate", prompt, seed, temperature, maxTokens,
                new LlmCallCache.Entry(g.text(), Double.NaN, g.promptTokens(), g.completionTokens()));
        return g;
    }

    @Override
    public double yesProbability(String prompt) {
        return yesNo(prompt).probability();
    }

    /** Cached with the Yes+No mass, so the guard judges a cached answer as it judged the fresh one. */
    @Override
    public YesNo.Answer yesNo(String prompt) {
        String key = LlmCallCache.key(backend(), model(), "yes", prompt, 0, 0, 1);
        Optional<LlmCallCache.Entry> cached = cache.getOrClaim(key);
        if (cached.isPresent()) {
            hits.incrementAndGet();
            return new YesNo.Answer(cached.get().yesProbability(), cached.get().yesNoMass());
        }
        YesNo.Answer p;
        try {
            p = inner.yesNo(prompt);
        } catch (RuntimeException e) {
            cache.release(key);
            throw e;
        }
        misses.incrementAndGet();
        cache.put(key, backend(), model(), "yes", prompt, 0, 0, 1, new LlmCallCache.Entry(null, p.probability(), p.mass(), 0, 1));
        return p;
    }

    public long hits() {
        return hits.get();
    }

    /** Calls that reached the backend. */
    public long misses() {
        return misses.get();
    }

    public long promptTokens() {
        return promptTokens.get();
    }

    public long completionTokens() {
        return completionTokens.get();
    }

    /** "cache 120 hits / 30 calls, 4,512 tokens". */
    public String stats() {
        return String.format("llm cache %d hits / %d calls, %d tokens", hits(), misses(), promptTokens() + completionTokens());
    }
}
