package org.hitlbm.experiments.tracking;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One open MLflow run; every failure surfaces as {@link TrackingUnavailableException}. */
public final class MlflowRun implements TrackedRun {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowRun.class);

    private final MlflowTracker tracker;
    private final String experimentId;
    private final String runId;
    private final String artifactUri;
    private long lastTimestamp;

    MlflowRun(MlflowTracker tracker, String experimentId, String runId, String artifactUri) {
        this.tracker = tracker;
        this.experimentId = experimentId;
        this.runId = runId;
        this.artifactUri = artifactUri;
    }

    /** Params in batches of 100 (MLflow's limit); values cut at 6000 chars, keys sanitised. */
    void logParams(Map<String, String> params) {
        if (params == null) {
            return;
        }
        Map<String, String> clean = new LinkedHashMap<>();
        params.forEach((key, value) -> putOnce(clean, MlflowNames.key(key),
                MlflowNames.truncate(value, MlflowNames.MAX_PARAM_VALUE_LENGTH), "param"));
        List<Param> batch = new ArrayList<>();
        clean.forEach((key, value) -> batch.add(Param.newBuilder().setKey(key).setValue(value).build()));
        for (List<Param> chunk : MlflowTracker.chunks(batch, MlflowNames.MAX_PARAMS_PER_BATCH)) {
            tracker.callVoid("log params", () -> tracker.client().logBatch(runId, List.of(), chunk, List.of()));
        }
    }

    void setTags(Map<String, String> tags) {
        if (tags == null) {
            return;
        }
        Map<String, String> clean = new LinkedHashMap<>();
        tags.forEach((key, value) -> putOnce(clean, MlflowNames.key(key),
                MlflowNames.truncate(value, MlflowNames.MAX_TAG_VALUE_LENGTH), "tag"));
        List<RunTag> batch = new ArrayList<>();
        clean.forEach((key, value) -> batch.add(RunTag.newBuilder().setKey(key).setValue(value).build()));
        for (List<RunTag> chunk : MlflowTracker.chunks(batch, MlflowNames.MAX_PARAMS_PER_BATCH)) {
            tracker.callVoid("set tags", () -> tracker.client().logBatch(runId, List.of(), List.of(), chunk));
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
        if (metrics == null || metrics.isEmpty()) {
            return;
        }
        long timestamp = nextTimestamp();
        List<Metric> batch = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        metrics.forEach((key, value) -> {
            String cleanKey = MlflowNames.key(key);
            if (value != null && Double.isFinite(value) && seen.putIfAbsent(cleanKey, true) == null) {
                batch.add(Metric.newBuilder().setKey(cleanKey).setValue(value).setStep(step)
                        .setTimestamp(timestamp).build());
            }
        });
        for (List<Metric> chunk : MlflowTracker.chunks(batch, MlflowNames.MAX_METRICS_PER_BATCH)) {
            tracker.callVoid("log metrics", () -> tracker.client().logBatch(runId, chunk, List.of(), List.of()));
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
        RunStatus runStatus = parseStatus(status);
        long end = Math.max(endTime.toEpochMilli(), 0);
        tracker.callVoid("finish run " + runId, () -> tracker.client().setTerminated(runId, runStatus, end));
    }

    /** Best effort after a failed start or upload, so the UI does not show a run stuck RUNNING. */
    void abandon() {
        try {
            tracker.client().setTerminated(runId, RunStatus.FAILED, System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.debug("could not mark MLflow run {} failed", runId, e);
        }
    }

    static RunStatus parseStatus(String status) {
        String name = status == null ? "" : status.trim().toUpperCase(Locale.ROOT);
        switch (name) {
            case "FINISHED":
                return RunStatus.FINISHED;
            case "FAILED":
                return RunStatus.FAILED;
            case "KILLED":
                return RunStatus.KILLED;
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
