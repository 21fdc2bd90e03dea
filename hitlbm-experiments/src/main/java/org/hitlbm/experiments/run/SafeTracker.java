package org.hitlbm.experiments.run;

import java.nio.file.Path;
import java.util.Map;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.tracking.NoTracker;
import org.hitlbm.experiments.tracking.TrackedRun;
import org.hitlbm.experiments.tracking.Tracker;

/**
 * Wraps a tracker so that a server going away mid-grid costs a warning, never a run: after the
 * first failure it stops calling the server, and the local results stay for {@code sync-mlflow}.
 */
final class SafeTracker implements Tracker {
    private final Tracker inner;
    private final Reporter reporter;
    private final String resultsHint;
    private boolean failed;

    SafeTracker(Tracker inner, Reporter reporter, String resultsHint) {
        this.inner = inner;
        this.reporter = reporter;
        this.resultsHint = resultsHint;
    }

    boolean failed() {
        return failed;
    }

    @Override
    public TrackedRun startRun(String experiment, String runName, Map<String, String> params, Map<String, String> tags) {
        if (failed) {
            return new NoTracker().startRun(experiment, runName, params, tags);
        }
        try {
            TrackedRun run = inner.startRun(experiment, runName, params, tags);
            return new SafeRun(run);
        } catch (RuntimeException e) {
            fail(e);
            return new NoTracker().startRun(experiment, runName, params, tags);
        }
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        try {
            inner.close();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(RuntimeException e) {
        if (!failed) {
            reporter.error("WARNING: tracking stopped: " + e.getMessage() + ". Local results are complete; upload them later with"
                    + " `sync-mlflow " + resultsHint + "`.");
        }
        failed = true;
    }

    private final class SafeRun implements TrackedRun {
        private final TrackedRun run;

        SafeRun(TrackedRun run) {
            this.run = run;
        }

        @Override
        public void logMetrics(Map<String, Double> metrics, long step) {
            guard(() -> run.logMetrics(metrics, step));
        }

        @Override
        public void logArtifact(Path file, String artifactPath) {
            guard(() -> run.logArtifact(file, artifactPath));
        }

        @Override
        public void finish(String status) {
            guard(() -> run.finish(status));
        }

        @Override
        public String runId() {
            return failed ? null : run.runId();
        }

        @Override
        public String trackingUri() {
            return run.trackingUri();
        }

        private void guard(Runnable call) {
            if (failed) {
                return;
            }
            try {
                call.run();
            } catch (RuntimeException e) {
                fail(e);
            }
        }
    }
}
