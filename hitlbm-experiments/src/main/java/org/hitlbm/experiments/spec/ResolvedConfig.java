package org.hitlbm.experiments.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * One run's complete configuration: every key of the schema with its value or default, plus the
 * run seed at {@code train.seed}. Written to config.yaml and flattened into MLflow params, so a run
 * can always be repeated from what it recorded.
 */
public final class ResolvedConfig {
    private final Map<String, Object> tree;

    public ResolvedConfig(Map<String, Object> tree) {
        this.tree = Collections.unmodifiableMap(tree);
    }

    public Map<String, Object> tree() {
        return tree;
    }

    /** The value at a dotted path, or null. */
    @SuppressWarnings("unchecked")
    public Object get(String dottedPath) {
        Object current = tree;
        for (String part : dottedPath.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(part);
        }
        return current;
    }

    public String string(String path) {
        Object v = get(path);
        return v == null ? null : v.toString();
    }

    public int integer(String path) {
        return ((Number) require(path)).intValue();
    }

    public long longValue(String path) {
        return ((Number) require(path)).longValue();
    }

    public double number(String path) {
        return ((Number) require(path)).doubleValue();
    }

    public boolean bool(String path) {
        return (Boolean) require(path);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String path) {
        Object v = get(path);
        return v == null ? Map.of() : (Map<String, Object>) v;
    }

    private Object require(String path) {
        Object v = get(path);
        if (v == null) {
            throw new IllegalStateException("config key " + path + " has no value");
        }
        return v;
    }

    /** Dotted keys to values as text, nulls left out: MLflow params. */
    public Map<String, String> flatten() {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", tree, out);
        return out;
    }

    /**
     * "|key=value" for every flattened key that starts with one of {@code prefixes}, in config
     * order: a cache key made of exactly the settings that shape a cached result.
     */
    public String settingsKey(String... prefixes) {
        return settingsKeyWithout(java.util.Set.of(), prefixes);
    }

    /** As {@link #settingsKey}, leaving out the {@code excluded} keys: settings that cannot change the result. */
    public String settingsKeyWithout(java.util.Set<String> excluded, String... prefixes) {
        StringBuilder sb = new StringBuilder();
        flatten().forEach((key, value) -> {
            if (excluded.contains(key)) {
                return;
            }
            for (String prefix : prefixes) {
                if (key.startsWith(prefix)) {
                    sb.append('|').append(key).append('=').append(value);
                    return;
                }
            }
        });
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, String> out) {
        map.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map) {
                flatten(key, (Map<String, Object>) v, out);
            } else if (v != null) {
                out.put(key, v.toString());
            }
        });
    }

    public String toYaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        return new Yaml(options).dump(tree);
    }

    /** A copy with one value changed (the runner sets train.seed per run). */
    @SuppressWarnings("unchecked")
    public ResolvedConfig with(String dottedPath, Object value) {
        Map<String, Object> copy = deepCopy(tree);
        String[] parts = dottedPath.split("\\.");
        Map<String, Object> current = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            current = (Map<String, Object>) current.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        }
        current.put(parts[parts.length - 1], value);
        return new ResolvedConfig(copy);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v instanceof Map ? deepCopy((Map<String, Object>) v) : v));
        return out;
    }

    @Override
    public String toString() {
        return flatten().toString();
    }
}
