package org.hitlbm.experiments.tracking;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One open MLflow run; every failure surfaces as {@link TrackingUnavailableException}. */
public final class MlflowRun implements TrackedRun {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowRun.class);

    private final MlflowTracker tracker;
    private final String experimentId;
    private final String runId;
    private final String artifactUri;
    private final String resumedStatus;
    private long lastTimestamp;

    MlflowRun(MlflowTracker tracker, String experimentId, String runId, String artifactUri, String resumedStatus) {
        this.tracker = tracker;
        this.experimentId = experimentId;
        this.runId = runId;
        this.artifactUri = artifactUri;
        this.resumedStatus = resumedStatus;
    }

    /** The status the run had on the server before this client resumed it, or null when it was created now. */
    public String resumedStatus() {
        return resumedStatus;
    }

    private void logBatch(List<ObjectNode> metrics, List<ObjectNode> params, List<ObjectNode> tags, String what) {
        ObjectNode body = MlflowRest.object().put("run_id", runId);
        body.putArray("metrics").addAll(metrics);
        body.putArray("params").addAll(params);
        body.putArray("tags").addAll(tags);
        tracker.rest().post("runs/log-batch", body, what + " of run " + runId);
    }

    private static ObjectNode pair(String key, String value) {
        return MlflowRest.object().put("key", key).put("value", value);
    }

    /** Params in batches of 100 (MLflow's limit); values cut at 6000 chars, keys sanitised. */
    void logParams(Map<String, String> params) {
        if (params == null) {
            return;
        }
        Map<String, String> clean = new LinkedHashMap<>();
        params.forEach((key, value) -> putOnce(clean, MlflowNames.key(key),
                MlflowNames.truncate(value, MlflowNames.MAX_PARAM_VALUE_LENGTH), "param"));
        List<ObjectNode> batch = new ArrayList<>();
        clean.forEach((key, value) -> batch.add(pair(key, value)));
        for (List<ObjectNode> chunk : MlflowTracker.chunks(batch, MlflowNames.MAX_PARAMS_PER_BATCH)) {
            logBatch(List.of(), chunk, List.of(), "log params");
        }
    }

    void setTags(Map<String, String> tags) {
        if (tags == null) {
            return;
        }
        Map<String, String> clean = new LinkedHashMap<>();
        tags.forEach((key, value) -> putOnce(clean, MlflowNames.key(key),
                MlflowNames.truncate(value, MlflowNames.MAX_TAG_VALUE_LENGTH), "tag"));
        List<ObjectNode> batch = new ArrayList<>();
        clean.forEach((key, value) -> batch.add(pair(key, value)));
        for (List<ObjectNode> chunk : MlflowTracker.chunks(batch, MlflowNames.MAX_PARAMS_PER_BATCH)) {
            logBatch(List.of(), List.of(), chunk, "set tags");
        }
    }

    /** MLflow rejects a batch with one key twice, which sanitising can produce: keep the first. */
    private static void putOnce(Map<String, String> target, String key, String value, String kind) {
        String previous = target.putIfAbsent(key, value);
        if (previous != null && !previous.equals(value)) {
            LOG.warn("MLflow {} key '{}' occurs twice after sanitising; keeping the first value", kind, key);
        }
    }

    /** Skips NaN and infinite values, which MLflow rejects, without failing the run. */
    @Override
    public void logMetrics(Map<String, Double> metrics, long step) {
        logMetrics(metrics, step, nextTimestamp());
    }

    /**
     * At a given timestamp: a sync logs each record with timestamps derived from it, so uploading a
     * half-uploaded run again repeats identical points, which the server keeps once.
     */
    public void logMetrics(Map<String, Double> metrics, long step, long timestamp) {
        if (metrics == null || metrics.isEmpty()) {
            return;
        }
        List<ObjectNode> batch = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        metrics.forEach((key, value) -> {
            String cleanKey = MlflowNames.key(key);
            if (value != null && Double.isFinite(value) && seen.putIfAbsent(cleanKey, true) == null) {
                batch.add(MlflowRest.object().put("key", cleanKey).put("value", value).put("step", step).put("timestamp", timestamp));
            }
        });
        for (List<ObjectNode> chunk : MlflowTracker.chunks(batch, MlflowNames.MAX_METRICS_PER_BATCH)) {
            logBatch(chunk, List.of(), List.of(), "log metrics");
        }
    }

    /**
     * Strictly increasing: MLflow shows the value with the latest timestamp at the highest step, so
     * final metrics logged at the last epoch's step must come after that epoch's values.
     */
    private synchronized long nextTimestamp() {
        lastTimestamp = Math.max(System.currentTimeMillis(), lastTimestamp + 1);
        return lastTimestamp;
    }

    @Override
    public void logArtifact(Path file, String artifactPath) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a file: " + file);
        }
        tracker.uploader().upload(artifactUri, file, artifactPath);
    }

    @Override
    public void finish(String status) {
        finish(status, Instant.now());
    }

    /** Ends the run with an explicit end time (syncing records when the local run really ended). */
    public void finish(String status, Instant endTime) {
        String runStatus = parseStatus(status);
        long end = Math.max(endTime.toEpochMilli(), 0);
        tracker.rest().post("runs/update", MlflowRest.object().put("run_id", runId).put("status", runStatus).put("end_time", end),
                "finish run " + runId);
    }

    /** Best effort after a failed start or upload, so the UI does not show a run stuck RUNNING. */
    void abandon() {
        try {
            tracker.rest().post("runs/update", MlflowRest.object().put("run_id", runId).put("status", "FAILED")
                    .put("end_time", System.currentTimeMillis()), "mark run " + runId + " failed");
        } catch (RuntimeException e) {
            LOG.debug("could not mark MLflow run {} failed", runId, e);
        }
    }

    static String parseStatus(String status) {
        String name = status == null ? "" : status.trim().toUpperCase(Locale.ROOT);
        switch (name) {
            case "FINISHED":
            case "FAILED":
            case "KILLED":
                return name;
            default:
                throw new IllegalArgumentException("run status must be FINISHED, FAILED or KILLED, not '" + status + "'");
        }
    }

    @Override
    public String runId() {
        return runId;
    }

    public String experimentId() {
        return experimentId;
    }

    /** Where the server keeps this run's artifacts, e.g. "mlflow-artifacts:/1/&lt;runId&gt;/artifacts". */
    public String artifactUri() {
        return artifactUri;
    }

    public String trackingUri() {
        return tracker.trackingUri();
    }
}
