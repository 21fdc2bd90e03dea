package org.hitlbm.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync against an in-memory tracker: runs without a server. */
class MlflowSyncTest {
    @TempDir
    Path tmp;

    @Test
    void uploadsFinishedRunsOnceAndReportsIncompleteOnes() throws IOException {
        Path experimentDir = tmp.resolve("results/quickstart");
        Path done = LocalResultsFixture.finishedRun(experimentDir, "quickstart", "cell-001-seed-1");
        LocalResultsFixture.killedRun(experimentDir, "cell-002-seed-1");
        RecordingTracker tracker = new RecordingTracker();

        MlflowSync.Result first = MlflowSync.sync(experimentDir, tracker);

        assertEquals(new MlflowSync.Result(1, 0, List.of("cell-002-seed-1")), first);
        assertEquals(List.of(
                "start quickstart/cell-001-seed-1 params={dataset.name=synthetic, train.epochs=3}"
                        + " tags={git.commit=abc123, dataset=synthetic, backbone=lr, fusion=none, hitlbm.run_key=" + RunKeys.runKey(LocalResultsFixture.CONFIG_YAML) + "}", // a record older than run keys gets its config's
                "metrics@1 {train.loss=0.61, val.auc=0.7, val.logloss=0.6}",
                "metrics@2 {train.loss=0.55, val.auc=0.72, val.logloss=0.58}",
                "metrics@3 {train.loss=0.5, val.auc=0.71, val.logloss=0.59}",
                "metrics@3 {val.auc=0.72, val.logloss=0.58, test.auc=0.7, test.logloss=0.6, best_epoch=2.0}",
                "artifact config.yaml", "artifact metrics.json", "finish FINISHED"), tracker.calls);
        JsonNode marker = new ObjectMapper().readTree(done.resolve("mlflow.json").toFile());
        assertEquals("run-1", marker.get("runId").asText());
        assertEquals("recording", marker.get("trackingUri").asText());

        MlflowSync.Result second = MlflowSync.sync(experimentDir, tracker);
        assertEquals(new MlflowSync.Result(0, 1, List.of("cell-002-seed-1")), second);
        assertEquals(8, tracker.calls.size(), "second sync uploaded something");
    }

    @Test
    void garbageOrIncompleteRecordsAreSkippedWithAReasonAndTheRestIsUploaded() throws IOException {
        Path experimentDir = tmp.resolve("results/mixed");
        LocalResultsFixture.finishedRun(experimentDir, "mixed", "a-good");
        Path garbage = LocalResultsFixture.finishedRun(experimentDir, "mixed", "b-garbage");
        Files.writeString(garbage.resolve("metrics.json"), "{\"status\": \"FINI");
        Path noStatus = LocalResultsFixture.finishedRun(experimentDir, "mixed", "c-no-status");
        Files.writeString(noStatus.resolve("metrics.json"), Files.readString(noStatus.resolve("metrics.json"))
                .replace("\"status\": \"FINISHED\",", ""));
        Path noMetrics = LocalResultsFixture.finishedRun(experimentDir, "mixed", "d-no-auc");
        Files.writeString(noMetrics.resolve("metrics.json"), Files.readString(noMetrics.resolve("metrics.json"))
                .replace("\"test.auc\": 0.70, ", ""));
        RecordingTracker tracker = new RecordingTracker();

        MlflowSync.Result result = MlflowSync.sync(experimentDir, tracker);

        assertEquals(1, result.uploaded());
        assertEquals(List.of("b-garbage: metrics.json is not a run record", "c-no-status: no status", "d-no-auc: no test.auc"),
                result.unreadable());
        assertEquals(1, tracker.calls.stream().filter(c -> c.startsWith("start ")).count(), tracker.calls.toString());
        assertTrue(tracker.calls.get(0).startsWith("start mixed/a-good"), tracker.calls.toString());
    }

    @Test
    void markSyncedWritesOnlyTheMarker() throws IOException {
        Path runDir = Files.createDirectories(tmp.resolve("run"));
        MlflowSync.markSynced(runDir, "http://127.0.0.1:5000", "abc");
        try (var files = Files.list(runDir)) {
            assertEquals(List.of(runDir.resolve("mlflow.json")), files.toList());
        }
        JsonNode marker = new ObjectMapper().readTree(runDir.resolve("mlflow.json").toFile());
        assertEquals("http://127.0.0.1:5000", marker.get("trackingUri").asText());
        assertEquals("abc", marker.get("runId").asText());
        assertTrue(marker.path("experimentId").isMissingNode());
    }

    /** Records calls as text, in order. */
    static final class RecordingTracker implements Tracker {
        final List<String> calls = new ArrayList<>();
        private int runs;

        @Override
        public TrackedRun startRun(String experiment, String runName, Map<String, String> params,
                Map<String, String> tags) {
            calls.add("start " + experiment + "/" + runName + " params=" + params + " tags=" + tags);
            String id = "run-" + (++runs);
            return new TrackedRun() {
                @Override
                public void logMetrics(Map<String, Double> metrics, long step) {
                    calls.add("metrics@" + step + " " + metrics);
                }

                @Override
                public void logArtifact(Path file, String artifactPath) {
                    calls.add("artifact " + artifactPath);
                }

                @Override
                public void finish(String status) {
                    calls.add("finish " + status);
                }

                @Override
                public String runId() {
                    return id;
                }
            };
        }

        @Override
        public String describe() {
            return "recording";
        }
    }
}
