package org.hitlbm.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A cheap deterministic encoder that records every batch it is asked to encode. */
final class CountingEncoder implements TextEncoder {
    private final String name;
    private final int dimension;
    final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());

    CountingEncoder(String name, int dimension) {
        this.name = name;
        this.dimension = dimension;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[][] encode(List<String> texts) {
        calls.add(List.copyOf(texts));
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vectorOf(texts.get(i), dimension);
        }
        return out;
    }

    /** Depends only on the text, with awkward float values so round-trips are really checked. */
    static float[] vectorOf(String text, int dimension) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        float[] v = new float[dimension];
        int h = text.hashCode();
        for (int d = 0; d < dimension; d++) {
            h = h * 31 + (bytes.length == 0 ? d : bytes[d % bytes.length]);
            v[d] = Float.intBitsToFloat((h & 0x3fffffff) | 0x30000000) * (d % 2 == 0 ? 1 : -1);
        }
        return v;
    }

    int textsEncoded() {
        synchronized (calls) {
            return calls.stream().mapToInt(List::size).sum();
        }
    }
}
