package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, items 1-3: what results/ says is what was trained, whatever happens to the grid or the files. */
class ResultsIntegrityTest extends CliHarness {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;




    private int specFiles;

    /** A new spec file each time, for experiment {@code name}. */
    private Path spec(String name, String extra) throws IOException {
        Path file = dir.resolve(name + "-" + (++specFiles) + ".yaml");
        Files.writeString(file, """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  synthetic: {users: 40, items: 150, minBehaviors: 60, maxBehaviors: 120}
                backbone:
                  name: lr
                train:
                  epochs: 2
                tracking:
                  experiment: %s
                  enabled: false
                paths:
                  results: %s
                  cache: %s
                """.formatted(name, dir.resolve("results"), dir.resolve("cache")) + extra);
        return file;
    }

    private Path experiment(String name) {
        return dir.resolve("results").resolve(name);
    }

    /** Learning rate (as recorded in metrics.json params) to test AUC, checking each folder's config agrees with its metrics. */
    private Map<String, Double> aucByLearningRate(String experiment) throws IOException {
        Map<String, Double> auc = new HashMap<>();
        try (Stream<Path> runs = Files.list(experiment(experiment))) {
            for (Path run : runs.filter(p -> Files.exists(p.resolve("metrics.json"))).toList()) {
                JsonNode metrics = JSON.readTree(run.resolve("metrics.json").toFile());
                String lr = metrics.path("params").path("train.learningRate").asText();
                String config = Files.readString(run.resolve("config.yaml"));
                assertTrue(config.contains("learningRate: " + lr + "\n"), run + ": metrics of lr " + lr + " beside config " + config);
                auc.put(lr, metrics.path("final").path("test.auc").asDouble());
            }
        }
        return auc;
    }

    @Test
    void changingAGridNeverCopiesOneLearningRatesMetricsToAnother() throws IOException {
        Path three = spec("lr", "grid:\n  train.learningRate: [0.05, 0.1, 0.2]\n");
        assertEquals(0, cli("run", three.toString()), stdout());
        Map<String, Double> before = aucByLearningRate("lr");
        assertEquals(3, before.size());

        Path four = spec("lr", "grid:\n  train.learningRate: [0.05, 0.07, 0.1, 0.2]\n");
        assertEquals(0, cli("run", four.toString()), stdout());
        assertTrue(stdout().contains("done: 1 finished, 3 skipped"), "only the new learning rate trains: " + stdout());
        Map<String, Double> after = aucByLearningRate("lr");
        assertEquals(4, after.size(), "every learning rate has its own run: " + after);
        before.forEach((lr, auc) -> assertEquals(auc, after.get(lr), "lr " + lr + " keeps the metrics it trained"));
        Set<Double> distinct = new HashSet<>(after.values());
        assertEquals(4, distinct.size(), "four learning rates, four results: " + after);

        String summary = Files.readString(experiment("lr").resolve("summary.md"));
        for (String lr : new String[] {"0.05", "0.07", "0.1", "0.2"}) {
            assertTrue(summary.contains(" | FINISHED | " + lr + " | "), summary);
        }
        // back to three values: the 0.07 run stays on disk but is not part of this spec's summary
        assertEquals(0, cli("run", three.toString()), stdout());
        assertTrue(stdout().contains("done: 0 finished, 3 skipped"), stdout());
        summary = Files.readString(experiment("lr").resolve("summary.md"));
        assertFalse(summary.contains(" | 0.07 | "), summary);
        assertTrue(summary.contains("1 folder(s) of runs the spec no longer has are not shown"), summary);
    }

    @Test
    void aRecordWithoutStatusOrWithMissingMetricsIsRetrainedNotCopiedAndReported() throws IOException {
        Path spec = spec("damaged", "");
        assertEquals(0, cli("run", spec.toString()), stdout());
        Path run = RunFolders.of(experiment("damaged"), "cell-001-seed-1");
        ObjectNode metrics = (ObjectNode) JSON.readTree(run.resolve("metrics.json").toFile());
        metrics.remove("status");
        Files.writeString(run.resolve("metrics.json"), metrics.toString());

        // another experiment with the same training settings must not copy it
        Path other = spec("other", "");
        assertEquals(0, cli("run", other.toString()), stdout());
        assertFalse(stdout().contains("copied"), "a record without status is not a finished run: " + stdout());
        assertTrue(stdout().contains("done: 1 finished, 0 skipped"), stdout());

        assertEquals(0, cli("report", experiment("damaged").toString()), stdout());
        assertTrue(stderr().contains("left out cell-001-seed-1"), stderr());
        assertTrue(Files.readString(experiment("damaged").resolve("report.md")).contains("no status"));

        assertEquals(0, cli("run", spec.toString()), stdout());
        assertTrue(stdout().contains("holds no finished run (no status); training it again"), stdout());
        assertTrue(stdout().contains("done: 1 finished, 0 skipped"), stdout());
        assertEquals("FINISHED", JSON.readTree(run.resolve("metrics.json").toFile()).path("status").asText());

        // FINISHED but without its test metrics: retrained as well
        metrics = (ObjectNode) JSON.readTree(run.resolve("metrics.json").toFile());
        ((ObjectNode) metrics.path("final")).remove("test.auc");
        Files.writeString(run.resolve("metrics.json"), metrics.toString());
        assertEquals(0, cli("run", spec.toString()), stdout());
        assertTrue(stdout().contains("(no test.auc); training it again"), stdout());
    }

    @Test
    void metricsOfAnotherConfigInARunFolderAreNotTakenAsFinished() throws IOException {
        Path spec = spec("swap", "grid:\n  train.learningRate: [0.05, 0.2]\n");
        assertEquals(0, cli("run", spec.toString()), stdout());
        Path first = RunFolders.of(experiment("swap"), "cell-001-seed-1");
        Path second = RunFolders.of(experiment("swap"), "cell-002-seed-1");
        Files.copy(second.resolve("metrics.json"), first.resolve("metrics.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(0, cli("run", spec.toString()), stdout());
        assertTrue(stdout().contains("recorded for another config"), stdout());
        assertTrue(stdout().contains("done: 1 finished, 1 skipped"), stdout());
    }

    @Test
    void changingOnlyTrackingSettingsRetrainsNothing() throws IOException {
        Path spec = spec("tracked", "");
        assertEquals(0, cli("run", spec.toString()), stdout());
        // a dead server: tracking on, a port nothing listens on
        assertEquals(0, cli("run", spec.toString(), "--set", "tracking.enabled=true", "--set", "tracking.uri=http://127.0.0.1:9"),
                stdout());
        assertTrue(stdout().contains("done: 0 finished, 1 skipped"), "tracking is not part of what a run trains: " + stdout());
    }
}
