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
     */
    public record Result(int uploaded, int alreadySynced, List<String> incomplete) {
    }

    /**
     * Uploads every run folder of {@code experimentDir} ({@code results/<experiment>}) that has no
     * marker yet. Stops at the first tracker failure; runs uploaded before it stay marked.
     */
    public static Result sync(Path experimentDir, Tracker tracker) {
        if (!Files.isDirectory(experimentDir)) {
            throw new IllegalArgumentException("not a results folder: " + experimentDir);
        }
        int uploaded = 0;
        int alreadySynced = 0;
        List<String> incomplete = new ArrayList<>();
        for (Path runDir : runDirs(experimentDir)) {
            if (Files.exists(runDir.resolve(MARKER_FILE))) {
                alreadySynced++;
            } else if (!Files.isRegularFile(runDir.resolve(METRICS_FILE))) {
                LOG.warn("skipping {}: no {} (the run did not finish)", runDir, METRICS_FILE);
                incomplete.add(runDir.getFileName().toString());
            } else {
                upload(runDir, tracker);
                uploaded++;
            }
        }
        return new Result(uploaded, alreadySynced, List.copyOf(incomplete));
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

    private static void upload(Path runDir, Tracker tracker) {
        LocalRunRecord record;
        try {
            record = LocalRunRecord.read(runDir.resolve(METRICS_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + runDir.resolve(METRICS_FILE), e);
        }
        TrackedRun run = start(tracker, record);
        try {
            for (LocalRunRecord.Epoch epoch : record.history()) {
                run.logMetrics(epoch.metrics(), epoch.epoch());
            }
            run.logMetrics(record.finalMetrics(), record.lastEpoch());
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
