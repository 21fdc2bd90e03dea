package org.hitlbm.experiments.tracking;

import java.nio.file.Path;
import java.util.Map;

/** One open run of a {@link Tracker}. */
public interface TrackedRun {
    /** Metric values at one step (an epoch; the final metrics use the last epoch's step). */
    void logMetrics(Map<String, Double> metrics, long step);

    /** Uploads a local file as an artifact at {@code artifactPath} (e.g. "config.yaml"). */
    void logArtifact(Path file, String artifactPath);

    /** Ends the run; {@code status} is FINISHED, FAILED or KILLED. */
    void finish(String status);

    /** The tracker's id of this run (MLflow run id), or null when there is none. */
    String runId();

    /** The server this run lives on, or null when there is none. */
    default String trackingUri() {
        return null;
    }
}
