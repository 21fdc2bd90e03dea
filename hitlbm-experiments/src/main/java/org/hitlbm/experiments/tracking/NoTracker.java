package org.hitlbm.experiments.tracking;

import java.nio.file.Path;
import java.util.Map;

/** Used when no tracking URI is set, or the server could not be reached: local results only. */
public final class NoTracker implements Tracker {
    @Override
    public TrackedRun startRun(String experiment, String runName, Map<String, String> params, Map<String, String> tags) {
        return new TrackedRun() {
            @Override
            public void logMetrics(Map<String, Double> metrics, long step) {
            }

            @Override
            public void logArtifact(Path file, String artifactPath) {
            }

            @Override
            public void finish(String status) {
            }

            @Override
            public String runId() {
                return null;
            }
        };
    }

    @Override
    public String describe() {
        return "none (local results only)";
    }
}
