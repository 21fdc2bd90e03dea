package org.hitlbm.experiments.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished run as the runner leaves it in {@code results/<experiment>/<run>/metrics.json}:
 * experiment, run, status, started, finished (ISO-8601), params and tags (strings), history (one
 * entry per epoch: {"epoch": n, "metrics": {...}}) and final (metric name to number).
 */
public record LocalRunRecord(String experiment, String run, String status, Instant started, Instant finished,
        Map<String, String> params, Map<String, String> tags, List<Epoch> history, Map<String, Double> finalMetrics) {

    public record Epoch(long epoch, Map<String, Double> metrics) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code metrics.json}; missing experiment/run names fall back to the folder names. */
    public static LocalRunRecord read(Path metricsJson) throws IOException {
        JsonNode root = JSON.readTree(metricsJson.toFile());
        Path runDir = metricsJson.toAbsolutePath().getParent();
        String run = text(root, "run", runDir.getFileName().toString());
        String experiment = text(root, "experiment", runDir.getParent().getFileName().toString());
        List<Epoch> history = new ArrayList<>();
        for (JsonNode entry : root.path("history")) {
            history.add(new Epoch(entry.path("epoch").asLong(history.size() + 1), numbers(entry.path("metrics"))));
        }
        if (!root.isObject()) {
            throw new IOException(metricsJson + " is not a JSON object");
        }
        return new LocalRunRecord(experiment, run, text(root, "status", null),
                instant(root, "started"), instant(root, "finished"),
                strings(root.path("params")), strings(root.path("tags")), history, numbers(root.path("final")));
    }

    /** The metrics a finished run must have; a run without them finished nothing anyone can report. */
    public static final List<String> REQUIRED_METRICS = List.of("val.auc", "val.logloss", "test.auc", "test.logloss");

    /**
     * Why this record is not a complete finished run, or null when it is: status FINISHED written
     * out (a record without a status is not assumed finished) and every required metric a finite number.
     */
    public String problem() {
        if (status == null) {
            return "no status";
        }
        if (!"FINISHED".equals(status)) {
            return "status " + status;
        }
        for (String metric : REQUIRED_METRICS) {
            Double value = finalMetrics.get(metric);
            if (value == null || !Double.isFinite(value)) {
                return "no " + metric;
            }
        }
        return null;
    }

    /** The run's content key as recorded ({@link RunKeys#TAG}), or null for runs recorded before there were keys. */
    public String runKey() {
        return tags.get(RunKeys.TAG);
    }

    /** The step final metrics are logged at: the last epoch, 0 when nothing was trained. */
    long lastEpoch() {
        return history.stream().mapToLong(Epoch::epoch).max().orElse(0);
    }

    private static String text(JsonNode root, String field, String fallback) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() || node.asText().isBlank() ? fallback : node.asText();
    }

    private static Instant instant(JsonNode root, String field) {
        String value = text(root, field, null);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            values.put(field.getKey(), field.getValue().isNull() ? "" : field.getValue().asText());
        }
        return values;
    }

    /** Numeric fields only; a null or text value (e.g. a metric that was not computed) is left out. */
    private static Map<String, Double> numbers(JsonNode object) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNumber()) {
                values.put(field.getKey(), field.getValue().asDouble());
            }
        }
        return values;
    }
}
