package org.hitlbm.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An encoder in front of a {@link VectorCache}: per batch, one lookup, one call to the inner encoder with the
 * distinct texts that missed, and one transaction storing them. Hit and miss counts are for progress lines.
 * Closing it closes neither the inner encoder nor the cache: callers own both.
 */
public final class CachedTextEncoder implements TextEncoder {
    private final TextEncoder inner;
    private final VectorCache cache;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public CachedTextEncoder(TextEncoder inner, VectorCache cache) {
        this.inner = inner;
        this.cache = cache;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public float[][] encode(List<String> texts) {
        Map<String, float[]> vectors = new LinkedHashMap<>(cache.lookup(name(), texts));
        List<String> missing = new ArrayList<>();
        for (String text : new LinkedHashSet<>(texts)) {
            float[] cached = vectors.get(text);
            if (cached != null && cached.length != dimension()) {
                cache.warn(name(), text, "has " + cached.length + " floats, the encoder gives " + dimension());
                vectors.remove(text);
                cached = null;
            }
            if (cached == null) {
                missing.add(text);
            }
        }
        if (!missing.isEmpty()) {
            float[][] encoded = inner.encode(missing);
            Map<String, float[]> fresh = new LinkedHashMap<>();
            for (int i = 0; i < missing.size(); i++) {
                fresh.put(missing.get(i), encoded[i]);
            }
            cache.store(name(), fresh);
            vectors.putAll(fresh);
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vectors.get(texts.get(i));
        }
        misses.addAndGet(missing.size());
        hits.addAndGet(texts.size() - missing.size());
        return out;
    }

    /** Texts answered from the cache so far (a text repeated within a batch counts as a hit after its first copy). */
    public long hits() {
        return hits.get();
    }

    /** Distinct texts the inner encoder had to encode so far. */
    public long misses() {
        return misses.get();
    }
}
