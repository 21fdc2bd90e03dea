package org.hitlbm.experiments.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.hitlbm.experiments.tracking.LocalRunRecord;
import org.yaml.snakeyaml.Yaml;

/**
 * Finished runs of every experiment under a results root, by what they trained: the config with
 * its experiment name ({@code tracking}) and variant label left out. A cell that another experiment
 * already ran with the same settings and seed (DIN with HiT-LBM is a cell of Tables 2, 3 and 5 and
 * of Fig. 5 and 7) is copied from it instead of being trained again, and says where it came from.
 */
final class FinishedRuns {
    private final Map<String, Path> byTrainingConfig = new HashMap<>();

    /** Reads every {@code <root>/<experiment>/<run>/config.yaml} whose metrics.json says FINISHED. */
    static FinishedRuns index(Path resultsRoot) {
        FinishedRuns runs = new FinishedRuns();
        if (!Files.isDirectory(resultsRoot)) {
            return runs;
        }
        try (Stream<Path> experiments = Files.list(resultsRoot)) {
            for (Path experiment : experiments.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> dirs = Files.list(experiment)) {
                    for (Path run : dirs.filter(Files::isDirectory).sorted().toList()) {
                        runs.add(run);
                    }
                }
            }
        } catch (IOException e) {
            return runs; // an unreadable folder only means less to reuse
        }
        return runs;
    }

    private void add(Path runDir) {
        Path config = runDir.resolve("config.yaml");
        Path metrics = runDir.resolve("metrics.json");
        if (!Files.exists(config) || !Files.exists(metrics)) {
            return;
        }
        try {
            if (!"FINISHED".equals(LocalRunRecord.read(metrics).status())) {
                return;
            }
            byTrainingConfig.putIfAbsent(trainingKey(Files.readString(config, StandardCharsets.UTF_8)), runDir);
        } catch (IOException | RuntimeException e) {
            // a damaged run is not reused
        }
    }

    /** A finished run that trained exactly {@code configYaml}, or null. */
    Path find(String configYaml) {
        return byTrainingConfig.get(trainingKey(configYaml));
    }

    /** Remembers a run finished now, so later cells of this invocation can reuse it too. */
    void record(Path runDir, String configYaml) {
        byTrainingConfig.putIfAbsent(trainingKey(configYaml), runDir);
    }

    @SuppressWarnings("unchecked")
    static String trainingKey(String configYaml) {
        Object parsed = new Yaml().load(configYaml);
        if (!(parsed instanceof Map)) {
            return configYaml;
        }
        Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) parsed);
        config.remove("tracking");
        config.remove(org.hitlbm.experiments.spec.SpecSchema.VARIANT);
        return config.toString();
    }
}
