package org.hitlbm.data.sample;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Maps feature values to dense ids; id 0 is "unknown / padding". */
public final class Vocabulary implements Serializable {
    private final List<String> values = new ArrayList<>(List.of("<unk>"));
    private final Map<String, Integer> ids = new HashMap<>();

    public int add(String value) {
        if (value == null) {
            return 0;
        }
        return ids.computeIfAbsent(value, v -> {
            values.add(v);
            return values.size() - 1;
        });
    }

    public int id(String value) {
        return value == null ? 0 : ids.getOrDefault(value, 0);
    }

    public String value(int id) {
        return values.get(id);
    }

    /** Number of ids including the reserved 0; the size of an embedding table for this field. */
    public int size() {
        return values.size();
    }
}
