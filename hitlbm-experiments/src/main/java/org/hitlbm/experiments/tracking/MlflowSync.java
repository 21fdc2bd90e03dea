package org.hitlbm.experiments.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads runs recorded locally (tracking server down, or none configured) to MLflow afterwards.
 * Each uploaded run folder gets an {@code mlflow.json} marker, so syncing again uploads nothing twice.
 */
public final class MlflowSync {
    public static final String METRICS_FILE = "metrics.json";
    public static final String CONFIG_FILE = "config.yaml";
    public static final String MARKER_FILE = "mlflow.json";

    private static final Logger LOG = LoggerFactory.getLogger(MlflowSync.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MlflowSync() {
    }

    /**
     * What one sync did.
     *
     * @param uploaded      runs uploaded now
     * @param alreadySynced runs that already had an mlflow.json marker
     * @param incomplete    run folders without metrics.json (killed or still running), skipped
     * @param unreadable    "folder: why" for records that are not complete runs (garbage, no status,
     *                      FINISHED without its metrics), skipped with a warning
     */
    public record Result(int uploaded, int alreadySynced, List<String> incomplete, List<String> unreadable) {
        public Result(int uploaded, int alreadySynced, List<String> incomplete) {
            this(uploaded, alreadySynced, incomplete, List.of());
        }
    }

    /**
     * Uploads every run folder of {@code experimentDir} ({@code results/<experiment>}) that has no
     * marker yet. Stops at the first tracker failure; runs uploaded before it stay marked. Each run
     * is looked up on the server by its key first: one found FINISHED (uploaded by a sync killed
     * before it wrote the marker) is only marked; one found unfinished (half-uploaded) is completed.
     */
    public static Result sync(Path experimentDir, Tracker tracker) {
        if (!Files.isDirectory(experimentDir)) {
            throw new org.hitlbm.experiments.spec.SpecException(experimentDir
                    + ": no such results folder (expected results/<experiment>, written by `run`)");
        }
        int uploaded = 0;
        int alreadySynced = 0;
        List<String> incomplete = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Path runDir : runDirs(experimentDir)) {
            if (Files.exists(runDir.resolve(MARKER_FILE))) {
                alreadySynced++;
                continue;
            }
            if (!Files.isRegularFile(runDir.resolve(METRICS_FILE))) {
                LOG.warn("skipping {}: no {} (the run did not finish)", runDir, METRICS_FILE);
                incomplete.add(runDir.getFileName().toString());
                continue;
            }
            LocalRunRecord record;
            try {
                record = LocalRunRecord.read(runDir.resolve(METRICS_FILE));
            } catch (IOException | RuntimeException e) {
                unreadable.add(runDir.getFileName() + ": " + METRICS_FILE + " is not a run record");
                continue;
            }
            String problem = record.problem();
            if (record.status() == null || ("FINISHED".equals(record.status()) && problem != null)) {
                unreadable.add(runDir.getFileName() + ": " + problem);
                continue;
            }
            if (upload(runDir, record, tracker)) {
                uploaded++;
            } else {
                alreadySynced++;
            }
        }
        return new Result(uploaded, alreadySynced, List.copyOf(incomplete), List.copyOf(unreadable));
    }

    private static List<Path> runDirs(Path experimentDir) {
        try (Stream<Path> children = Files.list(experimentDir)) {
            return children.filter(Files::isDirectory)
                    .filter(dir -> !dir.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + experimentDir, e);
        }
    }

    /** Uploads one run; false when the server already had it finished (only the marker was missing). */
    private static boolean upload(Path runDir, LocalRunRecord record, Tracker tracker) {
        record = withRunKey(runDir, record);
        if (tracker instanceof MlflowTracker mlflow && record.runKey() != null) {
            for (MlflowTracker.RemoteRun remote : mlflow.findByKey(record.experiment(), record.runKey(), false)) {
                if ("FINISHED".equals(remote.status()) || remote.status().equals(record.status())) {
                    markSynced(runDir, mlflow.trackingUri(), null, remote.runId());
                    return false;
                }
            }
        }
        TrackedRun run = start(tracker, record);
        long base = record.started() != null ? record.started().toEpochMilli() : 0;
        try {
            for (LocalRunRecord.Epoch epoch : record.history()) {
                logMetrics(run, epoch.metrics(), epoch.epoch(), base + epoch.epoch());
            }
            logMetrics(run, record.finalMetrics(), record.lastEpoch(), base + record.lastEpoch() + 1);
            Path config = runDir.resolve(CONFIG_FILE);
            if (Files.isRegularFile(config)) {
                run.logArtifact(config, CONFIG_FILE);
            }
            run.logArtifact(runDir.resolve(METRICS_FILE), METRICS_FILE);
            finish(run, record);
        } catch (RuntimeException e) {
            if (run instanceof MlflowRun mlflowRun) {
                mlflowRun.abandon();
            }
            throw e;
        }
        if (run.runId() != null) {
            String experimentId = run instanceof MlflowRun mlflowRun ? mlflowRun.experimentId() : null;
            markSynced(runDir, trackingUri(tracker), experimentId, run.runId());
        }
        LOG.info("uploaded {} as run {}", runDir, run.runId());
        return true;
    }

    /** Timestamps from the record, so a repeated upload repeats identical points rather than adding new ones. */
    private static void logMetrics(TrackedRun run, Map<String, Double> metrics, long step, long timestamp) {
        if (run instanceof MlflowRun mlflowRun && timestamp > 0) {
            mlflowRun.logMetrics(metrics, step, timestamp);
        } else {
            run.logMetrics(metrics, step);
        }
    }

    /** A record written before runs had keys gets the key of its config.yaml, so the server can find it next time. */
    private static LocalRunRecord withRunKey(Path runDir, LocalRunRecord record) {
        if (record.runKey() != null || !Files.isRegularFile(runDir.resolve(CONFIG_FILE))) {
            return record;
        }
        try {
            Map<String, String> tags = new LinkedHashMap<>(record.tags());
            tags.put(RunKeys.TAG, RunKeys.runKey(Files.readString(runDir.resolve(CONFIG_FILE))));
            return new LocalRunRecord(record.experiment(), record.run(), record.status(), record.started(), record.finished(),
                    record.params(), tags, record.history(), record.finalMetrics());
        } catch (IOException | RuntimeException e) {
            return record;
        }
    }

    /** Backdates the MLflow run to when it really ran, so the UI's time columns make sense. */
    private static TrackedRun start(Tracker tracker, LocalRunRecord record) {
        if (tracker instanceof MlflowTracker mlflow && record.started() != null) {
            return mlflow.startRun(record.experiment(), record.run(), record.params(), record.tags(), record.started());
        }
        return tracker.startRun(record.experiment(), record.run(), record.params(), record.tags());
    }

    private static void finish(TrackedRun run, LocalRunRecord record) {
        if (run instanceof MlflowRun mlflowRun && record.finished() != null) {
            mlflowRun.finish(record.status(), record.finished());
        } else {
            run.finish(record.status());
        }
    }

    private static String trackingUri(Tracker tracker) {
        return tracker instanceof MlflowTracker mlflow ? mlflow.trackingUri() : tracker.describe();
    }

    /** Marks a run uploaded live (by the runner) so that a later sync skips it. */
    public static void markSynced(Path runDir, String trackingUri, String runId) {
        markSynced(runDir, trackingUri, null, runId);
    }

    /**
     * Writes {@code mlflow.json} = {"trackingUri", "experimentId" (when known), "runId"} atomically:
     * a half-written marker would make sync skip, or choke on, the run.
     */
    public static void markSynced(Path runDir, String trackingUri, String experimentId, String runId) {
        Map<String, String> marker = new LinkedHashMap<>();
        marker.put("trackingUri", trackingUri);
        if (experimentId != null) {
            marker.put("experimentId", experimentId);
        }
        marker.put("runId", runId);
        marker.put("synced", Instant.now().toString());
        Path target = runDir.resolve(MARKER_FILE);
        try {
            Path temp = Files.createTempFile(runDir, ".mlflow-", ".json.tmp");
            try {
                JSON.writeValue(temp.toFile(), marker);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
