package org.hitlbm.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs to a real MLflow server and reads everything back over its REST API. Enable by starting a
 * server (e.g. {@code mlflow server --host 127.0.0.1 --port 5055}) and setting
 * {@code HITLBM_TEST_MLFLOW_URI=http://127.0.0.1:5055}; {@code .ci/run} does both.
 */
class MlflowIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private String uri;

    @TempDir
    Path tmp;

    @BeforeEach
    void requireServer() {
        String configured = System.getenv("HITLBM_TEST_MLFLOW_URI");
        assumeTrue(configured != null && !configured.isBlank(),
                "set HITLBM_TEST_MLFLOW_URI to a running MLflow server (e.g. http://127.0.0.1:5055) to run this test;"
                        + " .ci/run starts one and sets it");
        uri = configured.trim().replaceAll("/+$", "");
    }

    @Test
    void liveRunIsStoredExactlyAsLogged() throws Exception {
        String experiment = "hitlbm-it-" + UUID.randomUUID();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("dataset.name", "synthetic");
        params.put("train.lr", "0.001");
        params.put("fusion.weights[0]", "0.5");              // sanitised to fusion.weights_0_
        params.put("notes", "x".repeat(7000));                // cut to MLflow's 6000 chars
        for (int i = 0; i < 150; i++) {                       // more than one 100-param batch
            params.put(String.format("grid.p%03d", i), Integer.toString(i));
        }
        Map<String, String> tags = Map.of("git.commit", GitInfo.commit(Path.of("")), "dataset", "synthetic");
        Path config = Files.writeString(tmp.resolve("config.yaml"), LocalResultsFixture.CONFIG_YAML);

        String runId;
        try (MlflowTracker tracker = MlflowTracker.connect(uri)) {
            MlflowRun run = tracker.startRun(experiment, "cell-001-seed-1", params, tags);
            runId = run.runId();
            for (int epoch = 1; epoch <= 3; epoch++) {
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("train.loss", 1.0 / epoch);
                metrics.put("val.auc", 0.6 + epoch / 100.0);
                metrics.put("val.broken", Double.NaN);        // skipped, not an error
                run.logMetrics(metrics, epoch);
            }
            run.logArtifact(config, "config.yaml");
            run.finish("FINISHED");
        }

        JsonNode fetched = getJson("/api/2.0/mlflow/runs/get?run_id=" + runId).get("run");
        JsonNode info = fetched.get("info");
        assertEquals("FINISHED", info.get("status").asText());
        assertEquals("cell-001-seed-1", info.get("run_name").asText());

        Map<String, String> storedParams = keyValues(fetched.at("/data/params"));
        assertEquals(154, storedParams.size());
        assertEquals("synthetic", storedParams.get("dataset.name"));
        assertEquals("0.001", storedParams.get("train.lr"));
        assertEquals("0.5", storedParams.get("fusion.weights_0_"));
        assertEquals("x".repeat(6000), storedParams.get("notes"));
        assertEquals("149", storedParams.get("grid.p149"));

        Map<String, String> storedTags = keyValues(fetched.at("/data/tags"));
        assertEquals(tags.get("git.commit"), storedTags.get("git.commit"));
        assertEquals("synthetic", storedTags.get("dataset"));
        assertEquals("cell-001-seed-1", storedTags.get("mlflow.runName"));

        assertEquals(List.of("1:1.0", "2:0.5", "3:" + (1.0 / 3)), history(runId, "train.loss"));
        assertEquals(List.of("1:0.61", "2:0.62", "3:0.63"), history(runId, "val.auc"));
        assertEquals(List.of(), history(runId, "val.broken"));

        byte[] artifact = getBytes(artifactUrl(info.get("artifact_uri").asText(), "config.yaml"));
        assertArrayEquals(Files.readAllBytes(config), artifact);
    }

    @Test
    void syncUploadsLocalRunsOnce() throws Exception {
        String experiment = "hitlbm-sync-it-" + UUID.randomUUID();
        Path experimentDir = tmp.resolve("results").resolve(experiment);
        Path runDir = LocalResultsFixture.finishedRun(experimentDir, experiment, "cell-001-seed-1");
        LocalResultsFixture.killedRun(experimentDir, "cell-002-seed-1");

        try (MlflowTracker tracker = MlflowTracker.connect(uri)) {
            MlflowSync.Result first = MlflowSync.sync(experimentDir, tracker);
            assertEquals(new MlflowSync.Result(1, 0, List.of("cell-002-seed-1")), first);
            MlflowSync.Result second = MlflowSync.sync(experimentDir, tracker);
            assertEquals(new MlflowSync.Result(0, 1, List.of("cell-002-seed-1")), second);
        }

        JsonNode marker = JSON.readTree(runDir.resolve("mlflow.json").toFile());
        assertEquals(uri, marker.get("trackingUri").asText());
        String runId = marker.get("runId").asText();
        JsonNode fetched = getJson("/api/2.0/mlflow/runs/get?run_id=" + runId).get("run");
        JsonNode info = fetched.get("info");
        assertEquals(marker.get("experimentId").asText(), info.get("experiment_id").asText());
        assertEquals("FINISHED", info.get("status").asText());
        assertEquals("cell-001-seed-1", info.get("run_name").asText());
        assertEquals(Instant.parse("2026-11-25T20:00:00Z").toEpochMilli(), info.get("start_time").asLong());
        assertEquals(Instant.parse("2026-11-25T20:05:00Z").toEpochMilli(), info.get("end_time").asLong());
        assertEquals("3", keyValues(fetched.at("/data/params")).get("train.epochs"));
        assertEquals("lr", keyValues(fetched.at("/data/tags")).get("backbone"));

        // three epochs, then the final value at the last epoch's step, which the UI shows as latest
        assertEquals(List.of("1:0.7", "2:0.72", "3:0.71", "3:0.72"), history(runId, "val.auc"));
        assertEquals(List.of("3:2.0"), history(runId, "best_epoch"));
        Map<String, Double> latest = new LinkedHashMap<>();
        fetched.at("/data/metrics").forEach(m -> latest.put(m.get("key").asText(), m.get("value").asDouble()));
        assertEquals(0.72, latest.get("val.auc"));

        String artifactUri = info.get("artifact_uri").asText();
        assertArrayEquals(Files.readAllBytes(runDir.resolve("config.yaml")), getBytes(artifactUrl(artifactUri, "config.yaml")));
        assertArrayEquals(Files.readAllBytes(runDir.resolve("metrics.json")), getBytes(artifactUrl(artifactUri, "metrics.json")));

        // only one run with this name exists: the second sync created nothing
        JsonNode experimentJson = getJson("/api/2.0/mlflow/experiments/get-by-name?experiment_name="
                + URLEncoder.encode(experiment, StandardCharsets.UTF_8));
        String experimentId = experimentJson.at("/experiment/experiment_id").asText();
        JsonNode search = postJson("/api/2.0/mlflow/runs/search",
                "{\"experiment_ids\": [\"" + experimentId + "\"], \"max_results\": 10}");
        assertEquals(1, search.path("runs").size());
        assertFalse(Files.exists(experimentDir.resolve("cell-002-seed-1/mlflow.json")));
    }

    /** "step:value" for each point of the metric's history, in step order. */
    private List<String> history(String runId, String key) throws Exception {
        JsonNode body = getJson("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key="
                + URLEncoder.encode(key, StandardCharsets.UTF_8));
        List<JsonNode> points = new ArrayList<>();
        body.path("metrics").forEach(points::add);
        points.sort((a, b) -> a.path("step").asLong() != b.path("step").asLong()
                ? Long.compare(a.path("step").asLong(), b.path("step").asLong())
                : Long.compare(a.get("timestamp").asLong(), b.get("timestamp").asLong()));
        return points.stream().map(p -> p.path("step").asLong() + ":" + p.get("value").asDouble()).toList();
    }

    private String artifactUrl(String artifactUri, String path) {
        assertTrue(artifactUri.startsWith("mlflow-artifacts:"), "server does not serve artifacts: " + artifactUri);
        return uri + "/api/2.0/mlflow-artifacts/artifacts" + URI.create(artifactUri).getPath() + "/" + path;
    }

    private static Map<String, String> keyValues(JsonNode list) {
        Map<String, String> values = new LinkedHashMap<>();
        list.forEach(kv -> values.put(kv.get("key").asText(), kv.get("value").asText()));
        return values;
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        return JSON.readTree(new String(getBytes(uri + path), StandardCharsets.UTF_8));
    }

    private JsonNode postJson(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private byte[] getBytes(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), () -> url + ": " + new String(response.body(), StandardCharsets.UTF_8));
        return response.body();
    }
}
