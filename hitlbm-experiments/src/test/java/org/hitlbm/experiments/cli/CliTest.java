package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, on small synthetic data and fixture files the tests write. */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        out.reset();
        err.reset();
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A spec small enough to train in a second or two, writing only under the temp dir. */
    private Path spec(String name, String extra) throws IOException {
        String yaml = """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  synthetic:
                    users: 40
                    items: 150
                    minBehaviors: 60
                    maxBehaviors: 120
                backbone:
                  name: lr
                train:
                  epochs: 2
                paths:
                  results: %s
                  cache: %s
                """.formatted(dir.resolve("results"), dir.resolve("cache")) + extra;
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private Path runDir(String experiment, String run) {
        return RunFolders.of(dir.resolve("results").resolve(experiment), run);
    }

    @Test
    void runWritesConfigMetricsAndSummaryForEveryRun() throws IOException {
        Path spec = spec("grid", "tracking:\n  enabled: false\ngrid:\n  train.learningRate: [0.05, 0.2]\n");
        assertEquals(0, cli("run", spec.toString()), stderr());
        assertTrue(stdout().contains("[run 1/2 cell 1/2 seed 1] epoch 1/2"), "progress line: " + stdout());
        assertTrue(stdout().contains("ETA"), stdout());
        for (String run : new String[] {"cell-001-seed-1", "cell-002-seed-1"}) {
            Path runDir = runDir("grid", run);
            String config = Files.readString(runDir.resolve("config.yaml"));
            assertTrue(config.contains("seed: 1") && config.contains("expansions: 10"), "full resolved config: " + config);
            JsonNode metrics = JSON.readTree(runDir.resolve("metrics.json").toFile());
            assertEquals("FINISHED", metrics.get("status").asText());
            assertTrue(metrics.get("final").get("test.auc").asDouble() > 0.6, metrics.toString());
            assertTrue(metrics.get("final").has("val.logloss"));
            assertEquals(metrics.get("final").get("epochs_run").asInt(), metrics.get("history").size());
            assertEquals("lr", metrics.get("tags").get("backbone").asText());
        }
        String summary = Files.readString(dir.resolve("results/grid/summary.md"));
        assertTrue(summary.contains("| cell-001-seed-1 | FINISHED | 0.05 |"), summary);
        assertTrue(summary.contains("| cell-002-seed-1 | FINISHED | 0.2 |"), summary);
        assertTrue(stdout().contains("data prepared"), stdout());
    }

    @Test
    void aNeuralBackboneTrainsThroughTheSameRunnerAndSavesItsBestWeights() throws IOException {
        Path spec = spec("neural", "tracking:\n  enabled: false\n");
        assertEquals(0, cli("run", spec.toString(), "--set", "backbone.name=din", "--set", "train.checkpoint=true",
                "--set", "train.learningRate=0.005"), stderr());
        Path runDir = runDir("neural", "cell-001-seed-1");
        JsonNode metrics = JSON.readTree(runDir.resolve("metrics.json").toFile());
        assertTrue(metrics.get("final").get("test.auc").asDouble() > 0.6, metrics.toString());
        assertTrue(metrics.get("history").get(0).get("metrics").has("train.loss"));
        try (var files = Files.list(runDir.resolve("checkpoint"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".params")), "DJL weights file");
        }
    }

    @Test
    void interestsAreGeneratedOnceAndThenServedFromTheCache() throws IOException {
        Path spec = spec("interests", "encoder:\n  name: none\n");
        assertEquals(0, cli("interests", spec.toString()), stderr());
        assertTrue(stdout().contains("[interests] done:") && stdout().contains(" 0 hits / "), stdout());
        assertTrue(Files.exists(dir.resolve("cache/llm.sqlite")));
        assertEquals(0, cli("interests", spec.toString()), stderr());
        assertTrue(stdout().matches("(?s).*llm cache \\d+ hits / 0 calls, 0 tokens.*"), "second run is all hits: " + stdout());
        assertEquals(0, cli("show-user", spec.toString(), "--user", "1"), stderr());
        assertTrue(stdout().contains("=== chunk 1:") && stdout().contains("--- interest ---") && stdout().contains("Interest profile:"),
                stdout());
        assertTrue(stdout().contains("truth: likes "), "synthetic users show their true interests: " + stdout());
        assertEquals(2, cli("show-user", spec.toString(), "--user", "100000"));
        assertTrue(stderr().contains("--user 100000"), stderr());
    }

    @Test
    void interestsAreEncodedIntoTheVectorCacheOnce() throws IOException {
        Path spec = spec("encode", "encoder:\n  name: bge-small-en-v1.5-q\n");
        assertEquals(0, cli("interests", spec.toString(), "--set", "dataset.synthetic.users=6", "--set", "dataset.synthetic.items=40"),
                stderr());
        assertTrue(stdout().contains("[encode] done") && stdout().contains(" 0 hits / "), stdout());
        assertTrue(Files.exists(dir.resolve("cache/vectors.sqlite")));
        assertEquals(0, cli("interests", spec.toString(), "--set", "dataset.synthetic.users=6", "--set", "dataset.synthetic.items=40"));
        assertTrue(stdout().contains("/ 0 encoded"), "second run encodes nothing: " + stdout());
    }

    @Test
    void treeSearchesOneUserAndWritesItsPageWithTheChosenPath() throws IOException {
        Path spec = spec("tree", "encoder:\n  name: bge-small-en-v1.5-q\ntree:\n  expansions: 3\n");
        assertEquals(2, cli("tree", spec.toString(), "--user", "2", "--set", "dataset.synthetic.users=2"));
        assertTrue(stderr().contains("no rating data for SRM/PRM"), "too little data is a clear error: " + stderr());
        Path html = dir.resolve("tree.html");
        assertEquals(0, cli("tree", spec.toString(), "--user", "2", "--out", html.toString(), "--set", "dataset.synthetic.users=12",
                "--set", "chunking.size=20"),
                stderr());
        assertTrue(stdout().contains("[hts] fold ") && stdout().contains("fitted on") && stdout().contains("out-of-fold rating models")
                && stdout().contains("searched 1 user(s)"), stdout());
        assertTrue(stdout().contains("synthetic truth: ") && stdout().contains("out-of-sample comparisons over 1 users"), stdout());
        String page = Files.readString(html);
        int layers = Integer.parseInt(page.replaceAll("(?s).*data-layers=\"(\\d+)\".*", "$1"));
        assertTrue(layers >= 2, "a layer per chunk");
        assertEquals(layers, page.split("data-chosen=\"true\"", -1).length - 1, "one chosen candidate per layer");
        // a second call reads the stored tree: no rating data, no rating model, no search, no LLM call
        assertEquals(0, cli("tree", spec.toString(), "--user", "2", "--out", html.toString(), "--set", "dataset.synthetic.users=12",
                "--set", "chunking.size=20"));
        assertTrue(stdout().contains("[hts] 1 tree(s) read from"), stdout());
        assertFalse(stdout().contains("rating data:") || stdout().contains("searched"), stdout());
    }

    @Test
    void hitLbmRunsEndToEndThroughTheRunnerWithTreeOrCascadeInterests() throws IOException {
        Path spec = spec("hitlbm", """
                encoder:
                  name: bge-small-en-v1.5-q
                tree:
                  expansions: 2
                  ratingCandidates: 2
                chunking:
                  size: 20
                tracking:
                  enabled: false
                grid:
                  tree.enabled: [true, false]
                  fusion.name: [tif]
                """).toAbsolutePath();
        assertEquals(0, cli("run", spec.toString(), "--set", "backbone.name=din", "--set", "dataset.synthetic.users=16"), stderr());
        assertTrue(stdout().contains("[interests] HTS path interests of 16 users"), stdout());
        assertTrue(stdout().contains("[interests] CUBE cascade interests of 16 users"), stdout());
        for (String run : new String[] {"cell-001-seed-1", "cell-002-seed-1"}) {
            JsonNode metrics = JSON.readTree(runDir("hitlbm", run).resolve("metrics.json").toFile());
            assertEquals("FINISHED", metrics.get("status").asText(), metrics.toString());
            double auc = metrics.get("final").get("test.auc").asDouble();
            assertTrue(auc > 0 && auc < 1, "a real AUC: " + auc);
            assertEquals("tif", metrics.get("tags").get("fusion").asText());
        }
        // the trees are stored: a forced rerun reads them back instead of searching again
        assertEquals(0, cli("run", spec.toString(), "--cell", "1", "--force", "--set", "backbone.name=din", "--set",
                "dataset.synthetic.users=16"), stderr());
        assertTrue(stdout().contains("[hts] 16 tree(s) read from"), stdout());
    }

    @Test
    void fusionSpecsAreCheckedBeforeAnythingRuns() throws IOException {
        Path lr = spec("fusion-lr", "fusion:\n  name: tif\n");
        assertEquals(2, cli("validate", lr.toString()));
        assertTrue(stderr().contains("fusion.name") && stderr().contains("backbone 'lr'"), stderr());
        Path badParam = spec("fusion-param", "fusion:\n  name: tif\n  params:\n    head: 4\n");
        assertEquals(2, cli("validate", badParam.toString(), "--set", "backbone.name=din"));
        assertTrue(stderr().contains("fusion.params.head") && stderr().contains("heads") && stderr().contains("fusion-param.yaml:"),
                stderr());
        Path badType = spec("fusion-type", "fusion:\n  name: mlp\n  params:\n    dropout: lots\n");
        assertEquals(2, cli("validate", badType.toString(), "--set", "backbone.name=din"));
        assertTrue(stderr().contains("fusion.params.dropout") && stderr().contains("a number"), stderr());
        Path noEncoder = spec("fusion-enc", "fusion:\n  name: gru\nencoder:\n  name: none\n");
        assertEquals(2, cli("validate", noEncoder.toString(), "--set", "backbone.name=din"));
        assertTrue(stderr().contains("encoder.name"), stderr());
        Path beam = spec("fusion-beam", "fusion:\n  name: tif\ntree:\n  beamWidth: 2\n");
        assertEquals(2, cli("validate", beam.toString(), "--set", "backbone.name=din"));
        assertTrue(stderr().contains("tree.beamWidth") && stderr().contains("leak"), stderr());
        assertEquals(0, cli("list"));
        assertTrue(stdout().contains("tif") && stdout().contains("scoreWeighting") && stdout().contains("crossAttention"), stdout());
    }

    @Test
    void anUnavailableLlmBackendIsAClearError() throws IOException {
        Path spec = spec("no-llm", "llm:\n  backend: llamacpp\n  modelPath: " + dir.resolve("missing.gguf") + "\n");
        assertEquals(5, cli("interests", spec.toString()));
        assertTrue(stderr().startsWith("llm error: ") && stderr().contains("missing.gguf"), stderr());
    }

    @Test
    void anUnreachableLlmServerFailsClearlyAfterBoundedRetriesAndLeavesTheCacheUsable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path spec = spec("llm-down", "llm:\n  backend: openai\n  baseUrl: http://127.0.0.1:" + port + "/v1\n  model: m\n"
                + "  maxRetries: 1\n  timeoutSeconds: 2\n");
        assertEquals(5, cli("interests", spec.toString()));
        assertTrue(stderr().contains("llm error") && stderr().contains("127.0.0.1:" + port) && stderr().contains("2 attempts"), stderr());
        // the cache survived: the offline backend can use the same file right away
        assertEquals(0, cli("interests", spec.toString(), "--set", "llm.backend=offline"), stderr());
    }

    @Test
    void aFleetWhoseEndpointsAreAllDownIsOneLlmErrorNamingEach() throws Exception {
        int[] ports = new int[2];
        for (int k = 0; k < 2; k++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports[k] = socket.getLocalPort();
            }
        }
        Path spec = spec("fleet-down", "llm:\n  backend: openai\n  baseUrls: http://127.0.0.1:" + ports[0] + "/v1, http://127.0.0.1:"
                + ports[1] + "/v1\n  model: m\n  maxRetries: 1\n  timeoutSeconds: 2\n  healthCheckSeconds: 1\n");
        assertEquals(5, cli("interests", spec.toString()));
        assertEquals(1, stderr().strip().lines().count(), stderr());
        assertTrue(stderr().startsWith("llm error: ") && stderr().contains("127.0.0.1:" + ports[0]) && stderr().contains("127.0.0.1:"
                + ports[1]) && stderr().contains("fleet of 2"), stderr());
    }

    @Test
    void aResultOfOlderCodeIsNeitherSkippedNorCopied() throws IOException {
        Path spec = spec("version", "tracking:\n  enabled: false\n");
        assertEquals(0, cli("run", spec.toString()));
        Path config = runDir("version", "cell-001-seed-1").resolve("config.yaml");
        String yaml = Files.readString(config);
        assertTrue(yaml.contains("pipeline:") && yaml.contains("version: data2.train"), "the run records the code it ran: " + yaml);
        // the same settings and seed, recorded by code of an older pipeline version, in another experiment
        Path old = Files.createDirectories(dir.resolve("results").resolve("older").resolve("cell-001-seed-1"));
        String olderYaml = yaml.replaceAll("version: data2\\.train\\d+", "version: data2.train1").replace("experiment: version",
                "experiment: older");
        Files.writeString(old.resolve("config.yaml"), olderYaml);
        Files.copy(runDir("version", "cell-001-seed-1").resolve("metrics.json"), old.resolve("metrics.json"));
        Files.writeString(config, olderYaml.replace("experiment: older", "experiment: version"));
        assertEquals(0, cli("run", spec.toString()));
        assertTrue(stdout().contains("done: 1 finished, 0 skipped"), "older code's result is not skipped: " + stdout());
        assertFalse(stdout().contains("copied"), "nor copied: " + stdout());
        assertTrue(Files.readString(config).equals(yaml), "retrained and recorded with this code's version");
    }

    @Test
    void pipelineSeedsVaryTheLlmAndRatingSeedsAndRefuseToBeSetTwice() throws IOException {
        Path spec = spec("scope", "seedScope: pipeline\nseeds: [4, 9]\ntracking:\n  enabled: false\n");
        assertEquals(0, cli("validate", spec.toString(), "--show-config"), stderr());
        assertTrue(stdout().contains("2 run(s)"), stdout());
        assertEquals(0, cli("run", spec.toString()), stderr());
        for (long seed : new long[] {4, 9}) {
            String yaml = Files.readString(runDir("scope", "cell-001-seed-" + seed).resolve("config.yaml"));
            assertTrue(yaml.matches("(?s).*llm:.*\\n  seed: " + seed + "\\n.*") && yaml.matches("(?s).*tree:.*\\n  seed: " + seed + "\\n.*"),
                    "seed " + seed + " drives llm.seed and tree.seed: " + yaml);
        }
        String experiment = Files.readString(dir.resolve("results").resolve("scope").resolve("experiment.json"));
        assertEquals("pipeline", JSON.readTree(experiment).get("seedScope").asText(), experiment);
        Path both = spec("scope-both", "seedScope: pipeline\nllm:\n  seed: 3\n");
        assertEquals(2, cli("validate", both.toString()));
        assertTrue(stderr().contains("scope-both.yaml:") && stderr().contains("llm.seed") && stderr().contains("seedScope"), stderr());
        Path bad = spec("scope-bad", "seedScope: everything\n");
        assertEquals(2, cli("validate", bad.toString()));
        assertTrue(stderr().contains("seedScope") && stderr().contains("pipeline"), stderr());
    }

    @Test
    void aPromptTheStandInCannotReadIsAClearErrorNamingTheFile() throws IOException {
        Path prompts = Files.createDirectories(dir.resolve("prompts"));
        String template = new String(getClass().getClassLoader().getResourceAsStream("prompts/movies/point.txt").readAllBytes(),
                StandardCharsets.UTF_8);
        Files.writeString(prompts.resolve("point.txt"), template.replace("[Target Movie]", "Movie to judge:"));
        Path spec = spec("prompt", "llm:\n  promptDir: " + prompts + "\n");
        assertEquals(2, cli("interests", spec.toString()));
        assertTrue(stderr().contains(prompts.resolve("point.txt").toString()) && stderr().contains("offline stand-in cannot read it"),
                stderr());
        assertEquals(1, stderr().strip().lines().count(), "one line, no stack trace: " + stderr());
        Path missing = spec("prompt-missing", "llm:\n  promptDir: " + dir.resolve("nowhere") + "\n");
        assertEquals(2, cli("validate", missing.toString()));
        assertTrue(stderr().contains("llm.promptDir") && stderr().contains("no such directory"), stderr());
    }

    @Test
    void aKilledGridResumesWhereItStopped() throws IOException {
        Path spec = spec("resume", "tracking:\n  enabled: false\ngrid:\n  train.learningRate: [0.05, 0.2]\n");
        assertEquals(0, cli("run", spec.toString()));
        String firstMetrics = Files.readString(runDir("resume", "cell-001-seed-1").resolve("metrics.json"));
        // as if the process died during the second run: its config is written, its metrics are not
        Files.delete(runDir("resume", "cell-002-seed-1").resolve("metrics.json"));
        assertEquals(0, cli("run", spec.toString()));
        assertTrue(stdout().contains("cell-001-seed-1 already finished with this config"), stdout());
        assertTrue(stdout().contains("done: 1 finished, 1 skipped, 0 failed"), stdout());
        assertTrue(stdout().contains("data from cache"), "preprocessing is not repeated: " + stdout());
        assertEquals(firstMetrics, Files.readString(runDir("resume", "cell-001-seed-1").resolve("metrics.json")));
        assertTrue(Files.exists(runDir("resume", "cell-002-seed-1").resolve("metrics.json")));
    }

    @Test
    void oneCellAndOneShardRunOnlyTheirRuns() throws IOException {
        Path spec = spec("select", "tracking:\n  enabled: false\ngrid:\n  train.learningRate: [0.05, 0.1, 0.2]\n");
        assertEquals(0, cli("run", spec.toString(), "--cell", "2"));
        assertTrue(Files.exists(runDir("select", "cell-002-seed-1").resolve("metrics.json")));
        assertFalse(Files.exists(runDir("select", "cell-001-seed-1")));
        assertEquals(0, cli("run", spec.toString(), "--shard", "1/2"));
        assertTrue(Files.exists(runDir("select", "cell-001-seed-1").resolve("metrics.json")));
        assertTrue(Files.exists(runDir("select", "cell-003-seed-1").resolve("metrics.json")));
    }

    @Test
    void anUnreachableTrackingServerIsAWarningAndLocalResultsAreWritten() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free now, nothing listens once closed
        }
        Path spec = spec("offline", "tracking:\n  uri: http://127.0.0.1:" + port + "\n");
        assertEquals(0, cli("run", spec.toString()), stderr());
        assertTrue(stderr().contains("WARNING") && stderr().contains("127.0.0.1:" + port) && stderr().contains("sync-mlflow"),
                stderr());
        assertTrue(Files.exists(runDir("offline", "cell-001-seed-1").resolve("metrics.json")));
        assertFalse(Files.exists(runDir("offline", "cell-001-seed-1").resolve("mlflow.json")), "not marked as uploaded");
    }

    @Test
    void aMalformedRatingLineStopsTheRunNamingFileAndLine() throws IOException {
        Path data = Files.createDirectories(dir.resolve("ml100k"));
        Files.writeString(data.resolve("u.item"), "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
        Files.writeString(data.resolve("u.data"), "1\t1\t5\t881250949\n2\t1\t3\t881250950\n3\tone\t4\t881250951\n");
        Path spec = spec("bad-data", "tracking:\n  enabled: false\n");
        assertEquals(3, cli("run", spec.toString(), "--set", "dataset.name=ml-100k", "--set", "dataset.path=" + data));
        assertTrue(stderr().contains("data error: " + data.resolve("u.data") + ":3:"), stderr());
    }

    @Test
    void aMissingDatasetFileIsNamed() throws IOException {
        Path data = Files.createDirectories(dir.resolve("empty"));
        Path spec = spec("no-data", "tracking:\n  enabled: false\n");
        assertEquals(3, cli("run", spec.toString(), "--set", "dataset.name=ml-100k", "--set", "dataset.path=" + data));
        assertTrue(stderr().contains("u.data") && stderr().contains("missing"), stderr());
    }

    @Test
    void validatePrintsTheCellsAndRejectsABadSpecWithItsLine() throws IOException {
        Path good = spec("valid", "grid:\n  chunking.size: [20, 50]\nseeds: [1, 2]\n");
        assertEquals(0, cli("validate", good.toString()));
        assertTrue(stdout().contains("2 cell(s) x 2 seed(s) = 4 run(s)"), stdout());
        assertTrue(stdout().contains("cell 2: {chunking.size=50}"), stdout());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "train:\n  epochs: 2\n  batchsize: 64\n");
        assertEquals(2, cli("validate", bad.toString()));
        assertTrue(stderr().contains("bad.yaml:3: train.batchsize: unknown key (did you mean 'batchSize'?)"), stderr());
    }

    @Test
    void listNamesTheRegisteredComponentsAndCallsNothingAnLlmThatIsNot() {
        assertEquals(0, cli("list"));
        assertTrue(stdout().contains("lr ") && stdout().contains("ml-100k") && stdout().contains("amazon-books"), stdout());
        assertTrue(stdout().contains("synthetic"), stdout());
    }

    @Test
    void unknownCommandOrOptionPrintsUsage() {
        assertEquals(2, cli("fly"));
        assertTrue(stderr().contains("Usage"), stderr());
        assertEquals(2, cli("run"));
    }

    @Test
    void theReportLandsOnTheRealServerAsArtifacts() throws Exception {
        String uri = System.getenv("HITLBM_TEST_MLFLOW_URI");
        assumeTrue(uri != null && !uri.isBlank(), "set HITLBM_TEST_MLFLOW_URI to a running MLflow server; .ci/run does");
        String experiment = "hitlbm-report-" + UUID.randomUUID();
        Path spec = spec("reported", "tracking:\n  enabled: false\n  experiment: " + experiment + "\nseeds: [1, 2]\n"
                + "variants:\n  A: {train.learningRate: 0.05}\n  B: {train.learningRate: 0.2}\nreport: {chart: bars}\n");
        assertEquals(0, cli("run", spec.toString()), stderr());
        Path results = dir.resolve("results").resolve(experiment);
        assertEquals(0, cli("report", results.toString(), "--uri", uri), stderr());
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("run ([0-9a-f]{32})").matcher(stdout());
        assertTrue(id.find(), stdout());
        HttpResponse<String> listed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri.replaceAll("/+$", "")
                + "/api/2.0/mlflow/artifacts/list?run_id=" + id.group(1) + "&path=report")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.body().contains("report/report.md") && listed.body().contains("report/auc-bars.png"), listed.body());
        assertTrue(Files.readString(results.resolve("report.md")).contains("| A | "), "variants are the rows");
    }

    @Test
    void aLiveRunLandsOnTheRealServerAndIsNotUploadedTwice() throws Exception {
        String uri = System.getenv("HITLBM_TEST_MLFLOW_URI");
        assumeTrue(uri != null && !uri.isBlank(), "set HITLBM_TEST_MLFLOW_URI to a running MLflow server; .ci/run does");
        String experiment = "hitlbm-cli-" + UUID.randomUUID();
        Path spec = spec("live", "tracking:\n  uri: " + uri + "\n  experiment: " + experiment + "\n");
        assertEquals(0, cli("run", spec.toString()), stderr());
        Path runDir = runDir(experiment, "cell-001-seed-1");
        JsonNode marker = JSON.readTree(runDir.resolve("mlflow.json").toFile());
        String runId = marker.get("runId").asText();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(uri.replaceAll("/+$", "") + "/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=val.auc"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode local = JSON.readTree(runDir.resolve("metrics.json").toFile());
        // one point per epoch plus the final value
        assertEquals(local.get("history").size() + 1, JSON.readTree(response.body()).get("metrics").size(), response.body());
        assertEquals(0, cli("sync-mlflow", dir.resolve("results").resolve(experiment).toString(), "--uri", uri));
        assertTrue(stdout().contains("uploaded 0 run(s), 1 already synced"), stdout());
    }
}
