package org.hitlbm.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hitlbm.experiments.spec.ReportSettings;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.experiments.tracking.LocalRunRecord;

/**
 * One experiment's results folder as the report reads it: experiment.json (written by {@code run})
 * and every run's metrics.json. Experiments run before experiment.json existed are read too, with
 * the grid keys found in their runs' tags and default report settings.
 */
public record ExperimentResults(Path dir, String name, String description, List<String> cellKeys, List<String> variants,
                                ReportSettings report, List<RunResult> runs, List<String> skipped, int stale, String seedScope) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A finished run: its cell's values (cell key to value), seed, validation AUC (model choice) and test metrics. */
    public record RunResult(String run, java.util.Map<String, String> cell, long seed, double auc, double logLoss, String reusedFrom,
                            double valAuc) {
        public String value(String key) {
            return cell.getOrDefault(key, "");
        }
    }

    public static ExperimentResults read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SpecException(dir + ": no such results folder (expected results/<experiment>, written by `run`)");
        }
        try {
            Path experimentJson = dir.resolve("experiment.json");
            JsonNode meta = Files.exists(experimentJson) ? JSON.readTree(experimentJson.toFile()) : JSON.createObjectNode();
            List<String> variants = strings(meta.path("variants"));
            List<String> cellKeys = strings(meta.path("cellKeys"));
            ReportSettings report = settings(meta.path("report"), variants);
            List<RunResult> runs = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            List<Path> allDirs;
            try (Stream<Path> list = Files.list(dir)) {
                allDirs = list.filter(Files::isDirectory).filter(d -> Files.exists(d.resolve("metrics.json"))).sorted().toList();
            }
            // the runs the spec had when last run; folders of an earlier grid are not this experiment's results
            List<Path> runDirs = new ArrayList<>();
            meta.path("runs").forEach(r -> runDirs.add(dir.resolve(r.path("folder").asText())));
            if (!meta.has("runs")) {
                runDirs.addAll(allDirs);
            }
            int stale = (int) allDirs.stream().filter(d -> !runDirs.contains(d)).count();
            for (Path runDir : runDirs) {
                Path metrics = runDir.resolve("metrics.json");
                if (!Files.exists(metrics)) {
                    continue;
                }
                LocalRunRecord record;
                try {
                    record = LocalRunRecord.read(metrics);
                } catch (IOException e) {
                    skipped.add(runDir.getFileName() + ": metrics.json is not a run record");
                    continue;
                }
                String problem = record.problem();
                if (problem != null) {
                    skipped.add(record.run() + " (" + runDir.getFileName() + "): " + problem);
                    continue;
                }
                double auc = record.finalMetrics().get("test.auc");
                if (cellKeys.isEmpty()) { // an older experiment: the grid keys are in the tags
                    record.tags().keySet().stream().filter(t -> t.startsWith("grid.")).map(t -> t.substring(5))
                            .filter(k -> !cellKeys.contains(k)).forEach(cellKeys::add);
                }
                java.util.Map<String, String> cell = new java.util.LinkedHashMap<>();
                for (String key : cellKeys) {
                    cell.put(key, record.params().getOrDefault(key, ""));
                }
                runs.add(new RunResult(record.run(), cell, Long.parseLong(record.params().getOrDefault("train.seed", "0")), auc,
                        record.finalMetrics().getOrDefault("test.logloss", Double.NaN), record.tags().get("reused_from"),
                        record.finalMetrics().getOrDefault("val.auc", Double.NaN)));
            }
            String name = meta.path("experiment").asText(dir.getFileName().toString());
            return new ExperimentResults(dir, name, meta.path("description").asText(""), cellKeys, variants, report, runs, skipped, stale,
                    meta.path("seedScope").asText("training"));
        } catch (IOException e) {
            throw new SpecException(dir + ": cannot read results: " + e.getMessage());
        }
    }

    private static ReportSettings settings(JsonNode node, List<String> variants) {
        ReportSettings defaults = ReportSettings.defaults(variants);
        if (!node.isObject()) {
            return defaults;
        }
        return new ReportSettings(text(node, "title", defaults.title()), text(node, "rows", defaults.rows()),
                text(node, "base", defaults.base()), text(node, "chart", defaults.chart()), text(node, "x", defaults.x()),
                text(node, "select", defaults.select()));
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
