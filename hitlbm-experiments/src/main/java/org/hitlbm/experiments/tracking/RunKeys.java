package org.hitlbm.experiments.tracking;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hitlbm.data.cache.DiskCache;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Content keys of runs. A run is what its resolved config says it trains, never its position in a
 * grid: changing a grid renumbers cells, not runs. {@link #runKey} names the run's folder and its
 * MLflow run (tag {@value #TAG}); {@link #trainingKey} also leaves out the variant label, so two
 * experiments that train the same settings and seed can share one result.
 */
public final class RunKeys {
    /** The MLflow tag (and metrics.json tag) that holds a run's key; tracking looks runs up by it. */
    public static final String TAG = "hitlbm.run_key";

    /** Where results and tracking go does not change what is trained. */
    private static final Set<String> NOT_TRAINING = Set.of("tracking");

    private RunKeys() {
    }

    /** The run's identity within its experiment: the config without {@code tracking}, variant included. */
    public static String runKey(String configYaml) {
        return DiskCache.key(canonical(configYaml, NOT_TRAINING));
    }

    /** What was trained: the config without {@code tracking} and without the variant label. */
    public static String trainingKey(String configYaml) {
        return DiskCache.key(canonical(configYaml, Set.of("tracking", org.hitlbm.experiments.spec.SpecSchema.VARIANT)));
    }

    /** The folder of a run under its experiment's results. */
    public static String folder(String runKey) {
        return "run-" + runKey;
    }

    /**
     * Keys sorted at every level and values as YAML reads them back, so a config written to
     * config.yaml and read again has the key it was written with.
     */
    @SuppressWarnings("unchecked")
    static String canonical(String configYaml, Set<String> leftOut) {
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(configYaml);
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a run config is a YAML mapping");
        }
        Map<String, Object> sorted = sorted((Map<String, Object>) map);
        leftOut.forEach(sorted::remove);
        return sorted.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sorted(Map<String, Object> map) {
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map ? sorted((Map<String, Object>) v) : v));
        return out;
    }
}
