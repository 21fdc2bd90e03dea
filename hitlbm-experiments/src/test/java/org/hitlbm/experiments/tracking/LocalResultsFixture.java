package org.hitlbm.experiments.tracking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a results/<experiment>/<run> folder the way the runner does. */
final class LocalResultsFixture {
    static final String CONFIG_YAML = "dataset:\n  name: synthetic\ntrain:\n  epochs: 3\n";

    private LocalResultsFixture() {
    }

    static Path finishedRun(Path experimentDir, String experiment, String run) throws IOException {
        Path runDir = Files.createDirectories(experimentDir.resolve(run));
        Files.writeString(runDir.resolve("config.yaml"), CONFIG_YAML);
        Files.writeString(runDir.resolve("metrics.json"), """
                {"experiment": "%s", "run": "%s", "status": "FINISHED",
                 "started": "2026-11-25T20:00:00Z", "finished": "2026-11-25T20:05:00Z",
                 "params": {"dataset.name": "synthetic", "train.epochs": "3"},
                 "tags": {"git.commit": "abc123", "dataset": "synthetic", "backbone": "lr", "fusion": "none"},
                 "history": [
                   {"epoch": 1, "metrics": {"train.loss": 0.61, "val.auc": 0.70, "val.logloss": 0.60}},
                   {"epoch": 2, "metrics": {"train.loss": 0.55, "val.auc": 0.72, "val.logloss": 0.58}},
                   {"epoch": 3, "metrics": {"train.loss": 0.50, "val.auc": 0.71, "val.logloss": 0.59}}],
                 "final": {"val.auc": 0.72, "val.logloss": 0.58, "test.auc": 0.70, "test.logloss": 0.60, "best_epoch": 2}}
                """.formatted(experiment, run));
        return runDir;
    }

    /** A run that was killed: config written, no metrics.json. */
    static Path killedRun(Path experimentDir, String run) throws IOException {
        Path runDir = Files.createDirectories(experimentDir.resolve(run));
        Files.writeString(runDir.resolve("config.yaml"), CONFIG_YAML);
        return runDir;
    }
}
