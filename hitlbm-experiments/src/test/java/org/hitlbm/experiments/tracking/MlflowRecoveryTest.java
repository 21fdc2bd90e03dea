package org.hitlbm.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hitlbm.experiments.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 9, against a real MLflow server this test starts, kills and restarts itself
 * ({@code HITLBM_TEST_MLFLOW_BIN} names the {@code mlflow} executable; {@code .ci/run} sets it):
 * a grid killed with SIGKILL mid-training and resumed, and a sync whose server is killed and
 * restarted, leave every run on the server exactly once and none RUNNING.
 */
class MlflowRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @TempDir
    Path dir;

    private String mlflow;
    private int port;
    private Process server;

    @BeforeEach
    void requireMlflow() throws IOException {
        mlflow = System.getenv("HITLBM_TEST_MLFLOW_BIN");
        assumeTrue(mlflow != null && Files.isExecutable(Path.of(mlflow)),
                "set HITLBM_TEST_MLFLOW_BIN to an mlflow executable to run this test; .ci/run sets it");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    @AfterEach
    void stopServer() {
        kill(server);
    }

    private String uri() {
        return "http://127.0.0.1:" + port;
    }

    private void startServer() throws Exception {
        server = new ProcessBuilder(mlflow, "server", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--workers", "1", "--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db"),
                "--artifacts-destination", dir.resolve("artifacts").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server-" + System.nanoTime() + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri() + "/api/2.0/mlflow/experiments/search?max_results=1"))
                        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            assertTrue(server.isAlive(), "the MLflow server exited while starting");
            Thread.sleep(300);
        }
        throw new AssertionError("MLflow did not start within 120 s");
    }

    /** SIGKILL to the server and every process it started (uvicorn workers). */
    private static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path spec(String experiment, boolean tracked, String extra) throws IOException {
        Path file = dir.resolve(experiment + ".yaml");
        Files.writeString(file, """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  synthetic: {users: 200, items: 300, minBehaviors: 60, maxBehaviors: 120}
                backbone:
                  name: lr
                tracking:
                  experiment: %s
                  enabled: %s
                  uri: %s
                paths:
                  results: %s
                  cache: %s
                """.formatted(experiment, tracked, uri(), dir.resolve("results"), dir.resolve("cache")) + extra);
        return file;
    }

    private int cli(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return new Main(print, print).execute(args);
    }

    /** The CLI in a child JVM, so that it can be killed with SIGKILL. */
    private Process child(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Every active run of the experiment: run key to the statuses of the runs carrying it. */
    private Map<String, List<String>> runsByKey(String experiment) throws Exception {
        JsonNode exp = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(uri()
                + "/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + experiment)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String id = exp.path("experiment").path("experiment_id").asText();
        String body = JSON.createObjectNode().put("max_results", 1000).set("experiment_ids", JSON.createArrayNode().add(id)).toString();
        JsonNode runs = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(uri() + "/api/2.0/mlflow/runs/search"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        Map<String, List<String>> byKey = new HashMap<>();
        for (JsonNode run : runs.path("runs")) {
            String key = "(no key)";
            for (JsonNode tag : run.path("data").path("tags")) {
                if (RunKeys.TAG.equals(tag.path("key").asText())) {
                    key = tag.path("value").asText();
                }
            }
            boolean hasParams = run.path("data").path("params").size() > 10;
            boolean hasAuc = false;
            for (JsonNode metric : run.path("data").path("metrics")) {
                hasAuc |= "test.auc".equals(metric.path("key").asText());
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(run.path("info").path("status").asText()
                    + (hasParams ? "" : " without params") + (hasAuc ? "" : " without test.auc"));
        }
        return byKey;
    }

    private static List<String> localKeys(Path experimentDir) throws IOException {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> runs = Files.list(experimentDir)) {
            for (Path run : runs.filter(r -> Files.exists(r.resolve("metrics.json"))).toList()) {
                keys.add(LocalRunRecord.read(run.resolve("metrics.json")).runKey());
            }
        }
        return keys;
    }

    private void assertEachRunOnceAndFinished(String experiment) throws Exception {
        Map<String, List<String>> server = runsByKey(experiment);
        List<String> local = localKeys(dir.resolve("results").resolve(experiment));
        assertEquals(new java.util.TreeSet<>(local), new java.util.TreeSet<>(server.keySet()), "the server has exactly the local runs: " + server);
        server.forEach((key, statuses) -> assertEquals(List.of("FINISHED"), statuses, "run " + key + " exists once, finished, complete"));
    }

    @Test
    void aGridKilledMidTrainingAndResumedLeavesOneFinishedRunPerRun() throws Exception {
        startServer();
        Path spec = spec("killed", true, "train:\n  epochs: 40\n  patience: 40\ngrid:\n  train.learningRate: [0.05, 0.1, 0.2]\n");
        Process grid = child("run", spec.toString());
        boolean killed = false;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(grid.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.contains("[run 2/3") && line.contains("epoch 2/")) {
                    grid.destroyForcibly(); // SIGKILL: no shutdown hook, the MLflow run stays RUNNING
                    killed = true;
                    break;
                }
            }
        }
        grid.waitFor(30, TimeUnit.SECONDS);
        assertTrue(killed, "the grid was killed during its second run");
        assertTrue(runsByKey("killed").values().stream().flatMap(List::stream).anyMatch(s -> s.startsWith("RUNNING")),
                "the kill left a RUNNING run: " + runsByKey("killed"));

        assertEquals(0, cli("run", spec.toString()));
        assertEachRunOnceAndFinished("killed");
        assertEquals(3, runsByKey("killed").size());
    }

    @Test
    void aSyncWhoseServerIsKilledAndRestartedUploadsEveryRunOnce() throws Exception {
        Path spec = spec("synced", false, "train:\n  epochs: 1\n"
                + "grid:\n  train.learningRate: [0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2]\n");
        assertEquals(0, cli("run", spec.toString()));
        Path experimentDir = dir.resolve("results").resolve("synced");
        startServer();
        Process sync = child("sync-mlflow", experimentDir.toString(), "--uri", uri());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && sync.isAlive() && markers(experimentDir) == 0) {
            Thread.sleep(5);
        }
        kill(server); // mid-sync: at least one run uploaded, the next one on its way
        sync.waitFor(60, TimeUnit.SECONDS);
        startServer();
        assertEquals(0, cli("sync-mlflow", experimentDir.toString(), "--uri", uri()));
        assertEachRunOnceAndFinished("synced");
        assertEquals(8, runsByKey("synced").size());
        // and a second sync adds nothing
        assertEquals(0, cli("sync-mlflow", experimentDir.toString(), "--uri", uri()));
        assertEachRunOnceAndFinished("synced");
    }

    private static long markers(Path experimentDir) throws IOException {
        try (Stream<Path> runs = Files.list(experimentDir)) {
            return runs.filter(r -> Files.exists(r.resolve("mlflow.json"))).count();
        }
    }
}
