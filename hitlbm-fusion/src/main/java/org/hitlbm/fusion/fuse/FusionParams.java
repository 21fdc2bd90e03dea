package org.hitlbm.fusion.fuse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.settings.Problem;
import org.hitlbm.data.settings.Setting;

/**
 * One fusion's params: the given values over the defaults, each converted to its declared
 * default's type (Integer, Double, Boolean or String; whole numbers widen to Double) and checked
 * against its declaration ({@link Fusions#params}). Unknown names, wrong types and bad values fail
 * here, naming the fusion and the param, for callers that skip {@code validate}.
 */
final class FusionParams {
    private final String fusion;
    private final Map<String, Object> values;

    private FusionParams(String fusion, Map<String, Object> values) {
        this.fusion = fusion;
        this.values = Collections.unmodifiableMap(values);
    }

    static FusionParams resolve(String fusion, List<Setting> declared, Map<String, Object> given) {
        Map<String, Object> defaults = Setting.defaults(declared);
        Map<String, Object> values = new LinkedHashMap<>(defaults);
        for (Map.Entry<String, Object> e : given.entrySet()) {
            Object def = defaults.get(e.getKey());
            if (def == null) {
                throw new IllegalArgumentException("fusion '" + fusion + "' has no param '" + e.getKey() + "'; its params: "
                        + (defaults.isEmpty() ? "none" : String.join(", ", defaults.keySet())));
            }
            values.put(e.getKey(), convert(fusion, e.getKey(), e.getValue(), def));
        }
        // heads against the width is checked where the width is known: building the layer
        for (Problem p : Setting.check(declared, values)) {
            throw new IllegalArgumentException("param '" + p.param() + "' of fusion '" + fusion + "': " + p.message());
        }
        return new FusionParams(fusion, values);
    }

    private static Object convert(String fusion, String key, Object value, Object def) {
        Object converted = Setting.convertLike(def, value);
        if (converted == null) {
            throw new IllegalArgumentException("param '" + key + "' of fusion '" + fusion + "' takes a "
                    + def.getClass().getSimpleName() + ", got " + value + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")"));
        }
        return converted;
    }

    String fusion() {
        return fusion;
    }

    Map<String, Object> values() {
        return values;
    }

    int integer(String key) {
        return (Integer) values.get(key);
    }

    float rate(String key) {
        return (float) (double) (Double) values.get(key);
    }

    boolean flag(String key) {
        return (Boolean) values.get(key);
    }

    String text(String key) {
        return (String) values.get(key);
    }
}
