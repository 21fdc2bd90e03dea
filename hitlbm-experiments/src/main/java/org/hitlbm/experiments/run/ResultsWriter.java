package org.hitlbm.experiments.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the local results, with or without MLflow: per run config.yaml and metrics.json, per
 * experiment summary.md. Every file is written to a temporary name and moved into place, so a
 * killed run never leaves a half-written file that looks finished.
 */
public final class ResultsWriter {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> SUMMARY_METRICS = List.of("val.auc", "val.logloss", "test.auc", "test.logloss",
            "best_epoch", "train.seconds");

    private final Path experimentDir;
    private List<Planned> planned = List.of();

    /** A run of the spec as it is now: its folder (content key), display name, cell and seed. */
    public record Planned(String folder, String name, int cell, long seed) {
    }

    public ResultsWriter(Path resultsRoot, String experiment) {
        // the loader validated the name already; this is the last guard before anything is written
        this.experimentDir = org.hitlbm.experiments.spec.SafePaths.under(resultsRoot,
                org.hitlbm.experiments.spec.SafePaths.requireSafeName(experiment, "tracking.experiment"), "tracking.experiment");
    }

    public Path experimentDir() {
        return experimentDir;
    }

    /** A run's folder; the name is a content key ({@code run-<key>}) and is checked to stay in the experiment. */
    public Path runDir(String folder) {
        Path dir = experimentDir.resolve(folder).normalize();
        if (!dir.getParent().equals(experimentDir)) {
            throw new IllegalArgumentException("run folder '" + folder + "' is not a plain name");
        }
        return dir;
    }

    public Path writeConfig(String folder, String yaml) {
        return writeAtomically(runDir(folder).resolve("config.yaml"), yaml);
    }

    /** Removes a run's metrics.json before it is trained again, so a kill mid-training leaves no stale record. */
    public void clearMetrics(String folder) {
        try {
            Files.deleteIfExists(runDir(folder).resolve("metrics.json"));
        } catch (IOException e) {
            throw org.hitlbm.data.io.StorageException.writing(runDir(folder).resolve("metrics.json"), e);
        }
    }

    public Path writeMetrics(String folder, RunRecord record) {
        ObjectNode root = JSON.createObjectNode();
        root.put("experiment", record.experiment());
        root.put("run", record.run());
        root.put("status", record.status());
        root.put("started", record.started());
        root.put("finished", record.finished());
        root.set("params", JSON.valueToTree(record.params()));
        root.set("tags", JSON.valueToTree(record.tags()));
        ArrayNode history = root.putArray("history");
        for (RunRecord.Epoch e : record.history()) {
            ObjectNode epoch = history.addObject();
            epoch.put("epoch", e.epoch());
            epoch.set("metrics", finiteOnly(e.metrics()));
        }
        root.set("final", finiteOnly(record.finalMetrics()));
        if (record.error() != null) {
            root.put("error", record.error());
        }
        try {
            return writeAtomically(runDir(folder).resolve("metrics.json"), JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * metrics.json of a run copied from {@code sourceMetrics} (same settings and seed, another
     * experiment): its history and final metrics, this experiment's names, params and tags, and
     * {@code reused_from} naming the source.
     */
    public Path copyMetrics(Path sourceMetrics, String experiment, String folder, String run, Map<String, String> params,
                            Map<String, String> tags) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(sourceMetrics.toFile());
            root.put("experiment", experiment);
            root.put("run", run);
            root.set("params", JSON.valueToTree(params));
            root.set("tags", JSON.valueToTree(tags));
            root.put("reused_from", sourceMetrics.getParent().toString());
            return writeAtomically(runDir(folder).resolve("metrics.json"), JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + sourceMetrics, e);
        }
    }

    /**
     * experiment.json: what {@code report} needs besides the runs: the spec, its cell keys, variants
     * in order, seeds, report settings, and the runs the spec has now ({@code runs}: folder, name, cell,
     * seed), so that summary and report show these and not folders left by an earlier version of the grid.
     */
    public Path writeExperiment(org.hitlbm.experiments.spec.ExperimentSpec spec, List<Planned> runs) {
        this.planned = List.copyOf(runs);
        ObjectNode root = JSON.createObjectNode();
        root.put("experiment", spec.name());
        root.put("spec", spec.file().toString());
        root.put("description", spec.description());
        root.set("cellKeys", JSON.valueToTree(spec.cellKeys()));
        root.set("variants", JSON.valueToTree(spec.variants()));
        root.set("seeds", JSON.valueToTree(spec.seeds()));
        root.put("seedScope", spec.seedScope());
        root.set("report", JSON.valueToTree(spec.report().toMap()));
        ArrayNode list = root.putArray("runs");
        for (Planned run : planned) {
            list.addObject().put("folder", run.folder()).put("name", run.name()).put("cell", run.cell()).put("seed", run.seed());
        }
        try {
            return writeAtomically(experimentDir.resolve("experiment.json"), JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** NaN (e.g. AUC of a one-class split) is written as null: JSON has no NaN. */
    private static ObjectNode finiteOnly(Map<String, Double> metrics) {
        ObjectNode node = JSON.createObjectNode();
        metrics.forEach((k, v) -> {
            if (v == null || v.isNaN() || v.isInfinite()) {
                node.putNull(k);
            } else {
                node.put(k, v);
            }
        });
        return node;
    }

    /**
     * summary.md: one row per run of the spec as it is now (in grid order), grid keys as columns. A
     * record that is not a complete finished run shows its problem as the status and counts for no cell.
     */
    public Path writeSummary(List<String> gridKeys) {
        List<JsonNode> runs = new ArrayList<>();
        for (Planned run : planned) {
            StoredRun stored = StoredRun.read(runDir(run.folder()));
            if (!Files.exists(runDir(run.folder()).resolve("metrics.json"))) {
                continue; // not run yet, or killed before it ended
            }
            ObjectNode node = stored.record() == null ? JSON.createObjectNode() : readObject(runDir(run.folder()).resolve("metrics.json"));
            node.put("run", run.name());
            if (!stored.finished()) {
                String status = stored.record() == null || stored.record().status() == null ? "INCOMPLETE" : stored.record().status();
                node.put("status", status + (status.equals("FAILED") ? "" : " (" + stored.problem() + ")"));
            }
            runs.add(node);
        }
        long stale = staleFolders();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(experimentDir.getFileName()).append("\n\n");
        md.append("Metrics on the validation split (model choice) and the test split (reported). ")
                .append(runs.size()).append(" of ").append(planned.size()).append(" run(s) recorded");
        if (stale > 0) {
            md.append("; ").append(stale).append(" folder(s) of runs the spec no longer has are not shown");
        }
        md.append(".\n\n");
        List<String> columns = new ArrayList<>(List.of("run", "status"));
        columns.addAll(gridKeys);
        columns.addAll(SUMMARY_METRICS);
        md.append("| ").append(String.join(" | ", columns)).append(" |\n");
        md.append("|").append("---|".repeat(columns.size())).append("\n");
        for (JsonNode run : runs) {
            List<String> cells = new ArrayList<>();
            cells.add(run.path("run").asText());
            cells.add(run.path("status").asText());
            for (String key : gridKeys) {
                cells.add(run.path("params").path(key).asText(""));
            }
            for (String metric : SUMMARY_METRICS) {
                JsonNode v = run.path("final").path(metric);
                cells.add(v.isNumber() ? format(metric, v.asDouble()) : "");
            }
            md.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        md.append(cellTable(runs, gridKeys));
        return writeAtomically(experimentDir.resolve("summary.md"), md.toString());
    }

    private static ObjectNode readObject(Path json) {
        try {
            return (ObjectNode) JSON.readTree(json.toFile());
        } catch (IOException | ClassCastException e) {
            return JSON.createObjectNode();
        }
    }

    /** Run folders in the experiment that the spec as it is now does not have (an earlier grid). */
    private long staleFolders() {
        java.util.Set<String> current = new java.util.HashSet<>();
        planned.forEach(p -> current.add(p.folder()));
        try (Stream<Path> dirs = Files.list(experimentDir)) {
            return dirs.filter(Files::isDirectory).filter(d -> Files.exists(d.resolve("metrics.json")))
                    .filter(d -> !current.contains(d.getFileName().toString())).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Per cell (the same grid values), test AUC and LogLoss as mean ± sample std over its finished seeds. */
    static String cellTable(List<JsonNode> runs, List<String> gridKeys) {
        Map<List<String>, List<JsonNode>> cells = new java.util.LinkedHashMap<>();
        for (JsonNode run : runs) {
            if (!"FINISHED".equals(run.path("status").asText())) {
                continue;
            }
            List<String> values = gridKeys.stream().map(k -> run.path("params").path(k).asText("")).toList();
            cells.computeIfAbsent(values, v -> new ArrayList<>()).add(run);
        }
        StringBuilder md = new StringBuilder("\nPer cell, over seeds (mean ± sample standard deviation):\n\n");
        List<String> columns = new ArrayList<>(gridKeys);
        columns.addAll(List.of("seeds", "test.auc", "test.logloss"));
        md.append("| ").append(String.join(" | ", columns)).append(" |\n");
        md.append("|").append("---|".repeat(columns.size())).append("\n");
        cells.forEach((values, members) -> {
            List<String> row = new ArrayList<>(values);
            row.add(String.valueOf(members.size()));
            for (String metric : List.of("test.auc", "test.logloss")) {
                double[] v = members.stream().mapToDouble(r -> r.path("final").path(metric).asDouble(Double.NaN)).toArray();
                row.add(meanStd(v));
            }
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        });
        return md.toString();
    }

    /** "mean ± sample std" to 4 decimals; the mean alone for a single value. */
    public static String meanStd(double[] v) {
        double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
        if (v.length < 2) {
            return String.format(java.util.Locale.ROOT, "%.4f", mean);
        }
        double ss = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
        return String.format(java.util.Locale.ROOT, "%.4f ± %.4f", mean, Math.sqrt(ss / (v.length - 1)));
    }

    private static String format(String metric, double v) {
        return metric.equals("best_epoch") ? String.valueOf((long) v)
                : metric.endsWith("seconds") ? String.format("%.1f", v) : String.format("%.4f", v);
    }

    /** Disk full or no permission: a {@link org.hitlbm.data.io.StorageException} naming the file; no temporary is left. */
    public static Path writeAtomically(Path file, String text) {
        return org.hitlbm.data.io.TempFiles.writeAtomically(file, text);
    }
}
