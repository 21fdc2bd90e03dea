package org.hitlbm.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Texts to vectors, each distinct text encoded once. */
public final class TextVectors {
    private TextVectors() {
    }

    /**
     * Encodes the distinct texts of {@code texts} in one call, in the order each first occurs (the
     * batch an encoder sees decides its padding, so callers that must match earlier results keep
     * their order), and maps every text to its vector.
     */
    public static Map<String, float[]> byText(TextEncoder encoder, Iterable<String> texts) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        texts.forEach(distinct::add);
        List<String> ordered = new ArrayList<>(distinct);
        float[][] vectors = encoder.encode(ordered);
        Map<String, float[]> out = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            out.put(ordered.get(i), vectors[i]);
        }
        return out;
    }
}
