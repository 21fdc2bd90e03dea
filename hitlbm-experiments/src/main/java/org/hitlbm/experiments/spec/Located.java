package org.hitlbm.experiments.spec;

import java.util.List;
import java.util.Map;

/**
 * A YAML value with where it was written, so every error can point at file and line. The value is
 * a {@code Map<String, Located>}, a {@code List<Located>}, or a scalar (String, Long, Double,
 * Boolean, or null).
 */
public record Located(Object value, String file, int line) {

    public String where() {
        return file + ":" + line;
    }

    public boolean isMap() {
        return value instanceof Map;
    }

    public boolean isList() {
        return value instanceof List;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Located> map() {
        return (Map<String, Located>) value;
    }

    @SuppressWarnings("unchecked")
    public List<Located> list() {
        return (List<Located>) value;
    }

    /** The plain Java value: maps and lists unwrapped recursively. */
    public Object plain() {
        if (isMap()) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            map().forEach((k, v) -> out.put(k, v.plain()));
            return out;
        }
        if (isList()) {
            return list().stream().map(Located::plain).toList();
        }
        return value;
    }
}
