package org.hitlbm.experiments.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hitlbm.experiments.cli.CliHarness;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.pipeline.Stage;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Adding a backbone", "Adding a competitor" and "Adding a stage" examples, compiled
 * from README.md as written, registered the way the README says (META-INF/services on the class
 * path) and run: the new backbone and interest source through the CLI end to end, the stage
 * through the pipeline.
 */
class ReadmeExamplesTest extends CliHarness {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static URLClassLoader examples;

    @BeforeAll
    static void compileTheReadmeExamples() throws IOException {
        Map<String, String> sources = ReadmeSnippets.examples(Path.of("..", "README.md"));
        assertEquals(List.of("PlainDnn", "StaleSummarySource", "ChunkCountStage"), List.copyOf(sources.keySet()));
        examples = ReadmeSnippets.compile(dir.resolve("build"), sources, Map.of(
                "org.hitlbm.backbones.Backbone", "example.PlainDnn",
                "org.hitlbm.experiments.pipeline.InterestSource", "example.StaleSummarySource"));
    }

    private Path spec(String name, String backboneParams) throws IOException {
        return spec(name, "dnn", backboneParams, "{name: mlp, interests: stale}");
    }

    private Path spec(String name, String backbone, String backboneParams, String fusion) throws IOException {
        return Files.writeString(dir.resolve(name), """
                dataset:
                  name: synthetic
                  synthetic: {users: 30, items: 150, minBehaviors: 60, maxBehaviors: 90}
                chunking: {size: 30}
                tree: {expansions: 2}
                encoder: {name: bge-small-en-v1.5-q}
                backbone: {name: %s, params: %s}
                fusion: %s
                train: {epochs: 1}
                tracking: {enabled: false}
                paths: {results: %s, cache: %s}
                """.formatted(backbone, backboneParams, fusion, dir.resolve("results"), dir.resolve("cache")));
    }

    /** Runs the CLI with the examples on the class path, as a jar beside hitlbm.jar would be. */
    private int withExamples(String... args) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(examples);
        try {
            return cli(args);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void theNewBackboneAndCompetitorRunEndToEnd() throws IOException {
        Path spec = spec("readme.yaml", "{activation: tanh}");
        assertEquals(0, withExamples("run", spec.toString()), stderr() + stdout());
        assertTrue(stdout().contains("one-chunk-stale cascade interests of 30 users"), stdout());
        JsonNode metrics;
        try (Stream<Path> files = Files.walk(dir.resolve("results"))) {
            List<Path> found = files.filter(p -> p.getFileName().toString().equals("metrics.json")).toList();
            assertEquals(1, found.size(), found.toString());
            metrics = JSON.readTree(found.get(0).toFile());
        }
        assertEquals("FINISHED", metrics.get("status").asText());
        assertEquals("dnn", metrics.get("params").get("backbone.name").asText());
        assertEquals("tanh", metrics.get("params").get("backbone.params.activation").asText());
        assertEquals("stale", metrics.get("params").get("fusion.interests").asText());
        double auc = metrics.get("final").get("test.auc").asDouble();
        assertTrue(auc > 0 && auc < 1, "a finite test AUC: " + auc);
    }

    @Test
    void theNewBackbonesParamsAreValidatedAgainstTheirDeclaration() throws IOException {
        Path bad = spec("bad.yaml", "{activation: sigmoid}");
        assertEquals(2, withExamples("validate", bad.toString()), stdout());
        assertTrue(stderr().contains("backbone.params.activation: expected one of relu, tanh, got 'sigmoid'"), stderr());
        assertEquals(2, cli("validate", bad.toString()), "without the example on the class path dnn is unknown");
        assertTrue(stderr().contains("dnn"), stderr());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNewStageIsComputedThroughThePipelineAndKeyedByItsSettings() throws Exception {
        Stage<Integer> stage = (Stage<Integer>) examples.loadClass("example.ChunkCountStage").getConstructor().newInstance();
        Path spec = spec("stage.yaml", "din", "{}", "{name: none}");
        ResolvedConfig config = new SpecLoader().load(spec).runs().get(0).config();
        ResolvedConfig smallerChunks = new SpecLoader().load(spec, List.of("chunking.size=15")).runs().get(0).config();
        ResolvedConfig otherBackbone = new SpecLoader().load(spec, List.of("train.epochs=2")).runs().get(0).config();
        assertNotEquals(stage.cacheKey(config), stage.cacheKey(smallerChunks), "chunking is one of its settings");
        assertEquals(stage.cacheKey(config), stage.cacheKey(otherBackbone), "training is not");
        try (Pipeline.Run run = new Pipeline().open(config, Reporter.SILENT);
             Pipeline.Run finer = new Pipeline().open(smallerChunks, Reporter.SILENT)) {
            int chunks = run.output(stage);
            assertTrue(chunks >= 30, "at least one chunk per user: " + chunks);
            assertTrue(finer.output(stage) > chunks, "halving the chunk size cuts more chunks");
        }
    }
}
