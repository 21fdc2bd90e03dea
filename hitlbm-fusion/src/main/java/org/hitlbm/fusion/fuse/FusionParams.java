package org.hitlbm.fusion.fuse;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One fusion's params: the given values over the defaults, each of the default's type (Integer,
 * Double, Boolean or String; whole numbers widen to Double). Unknown names and wrong types fail
 * here, naming the fusion and the param.
 */
final class FusionParams {
    private final String fusion;
    private final Map<String, Object> values;

    private FusionParams(String fusion, Map<String, Object> values) {
        this.fusion = fusion;
        this.values = Collections.unmodifiableMap(values);
    }

    static FusionParams resolve(String fusion, Map<String, Object> defaults, Map<String, Object> given) {
        Map<String, Object> values = new LinkedHashMap<>(defaults);
        for (Map.Entry<String, Object> e : given.entrySet()) {
            Object def = defaults.get(e.getKey());
            if (def == null) {
                throw new IllegalArgumentException("fusion '" + fusion + "' has no param '" + e.getKey() + "'; its params: "
                        + (defaults.isEmpty() ? "none" : String.join(", ", defaults.keySet())));
            }
            values.put(e.getKey(), convert(fusion, e.getKey(), e.getValue(), def));
        }
        return new FusionParams(fusion, values);
    }

    private static Object convert(String fusion, String key, Object value, Object def) {
        if (def instanceof Double && value instanceof Number n) {
            return n.doubleValue();
        }
        if (def instanceof Integer && (value instanceof Integer || value instanceof Long || value instanceof Short)) {
            return ((Number) value).intValue();
        }
        if (def.getClass().isInstance(value)) {
            return value;
        }
        throw new IllegalArgumentException("param '" + key + "' of fusion '" + fusion + "' takes a "
                + def.getClass().getSimpleName() + ", got " + value + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")"));
    }

    String fusion() {
        return fusion;
    }

    Map<String, Object> values() {
        return values;
    }

    /** A whole number that must be >= 1. */
    int integer(String key) {
        int v = (Integer) values.get(key);
        if (v < 1) {
            throw invalid(key, ">= 1");
        }
        return v;
    }

    /** A dropout rate: 0 <= p < 1. */
    float rate(String key) {
        double v = (Double) values.get(key);
        if (!(v >= 0 && v < 1)) {
            throw invalid(key, "in [0, 1)");
        }
        return (float) v;
    }

    boolean flag(String key) {
        return (Boolean) values.get(key);
    }

    String text(String key) {
        return (String) values.get(key);
    }

    /** A String that must be one of {@code allowed}. */
    String choice(String key, String... allowed) {
        String v = text(key);
        if (!Arrays.asList(allowed).contains(v)) {
            throw invalid(key, "one of " + String.join(", ", allowed));
        }
        return v;
    }

    private IllegalArgumentException invalid(String key, String rule) {
        return new IllegalArgumentException("param '" + key + "' of fusion '" + fusion + "' must be " + rule + ", got " + values.get(key));
    }
}
