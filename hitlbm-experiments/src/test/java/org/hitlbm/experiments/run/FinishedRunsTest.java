package org.hitlbm.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reuse is decided on what the source holds when it is copied, not when it was indexed. */
class FinishedRunsTest {
    @TempDir
    Path root;

    private static final String CONFIG = "dataset:\n  name: synthetic\ntrain:\n  learningRate: 0.1\n  seed: 1\ntracking:\n  experiment: a\n";

    private Path finished(String experiment, String run, String config) throws IOException {
        Path dir = Files.createDirectories(root.resolve(experiment).resolve(run));
        Files.writeString(dir.resolve("config.yaml"), config);
        Files.writeString(dir.resolve("metrics.json"), """
                {"status": "FINISHED", "final": {"val.auc": 0.7, "val.logloss": 0.6, "test.auc": 0.71, "test.logloss": 0.59}}""");
        return dir;
    }

    @Test
    void aSourceChangedAfterIndexingIsNotCopied() throws IOException {
        Path source = finished("a", "cell-002-seed-1", CONFIG);
        FinishedRuns index = FinishedRuns.index(root);
        String target = CONFIG.replace("experiment: a", "experiment: b");
        assertEquals(source, index.find(target), "same training settings, another experiment");
        assertEquals(source, FinishedRuns.verified(source, target).dir());
        // the folder is retrained with another learning rate before the copy happens
        Files.writeString(source.resolve("config.yaml"), CONFIG.replace("0.1", "0.07"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FinishedRuns.verified(source, target));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }

    @Test
    void onlyCompleteRecordsAreIndexed() throws IOException {
        Path run = finished("a", "r1", CONFIG);
        Files.writeString(run.resolve("metrics.json"), "{\"final\": {\"test.auc\": 0.7}}");
        assertEquals(null, FinishedRuns.index(root).find(CONFIG));
        Files.writeString(run.resolve("metrics.json"), "not json");
        assertEquals(null, FinishedRuns.index(root).find(CONFIG));
    }
}
