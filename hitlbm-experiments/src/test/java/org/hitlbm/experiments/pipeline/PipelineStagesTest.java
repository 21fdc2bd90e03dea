package org.hitlbm.experiments.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hitlbm.data.PreparedData;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecLoader;
import org.hitlbm.experiments.spec.SpecSchema;
import org.hitlbm.fusion.fuse.ChunkVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's stages: their order, what they declare, how their keys follow it, and that a second ask is answered from a cache. */
class PipelineStagesTest {
    @TempDir
    Path dir;

    /** What a printing reporter would print, one entry a line. */
    private static final class Recorder implements Reporter {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void progress(String step, String line) {
            lines.add("[" + step + "] " + line);
        }

        @Override
        public void info(String line) {
            lines.add(line);
        }

        @Override
        public void warn(String line) {
            lines.add(line);
        }

        @Override
        public void error(String line) {
            lines.add("stderr: " + line);
        }

        boolean any(String part) {
            return lines.stream().anyMatch(l -> l.contains(part));
        }
    }

    /** Sixteen synthetic users with short chunks: enough rating data for five folds, small enough for seconds. */
    private ResolvedConfig config() throws IOException {
        Path spec = dir.resolve("pipeline.yaml");
        Files.writeString(spec, """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  synthetic: {users: 16, items: 150, minBehaviors: 60, maxBehaviors: 120}
                chunking: {size: 20}
                encoder: {name: bge-small-en-v1.5-q}
                tree: {expansions: 2, ratingCandidates: 2}
                fusion: {name: tif}
                backbone: {name: din}
                train: {epochs: 1}
                tracking: {enabled: false}
                paths: {results: %s, cache: %s}
                """.formatted(dir.resolve("results"), dir.resolve("cache")));
        return new SpecLoader().load(spec).runs().get(0).config();
    }

    @Test
    void theStagesAreTheMethodsStepsInOrder() {
        assertEquals(List.of("prepare", "interests", "tree", "vectors", "train"), Pipeline.STAGES.stream().map(Stage::name).toList());
        assertEquals(List.of("hts", "cube", "segments", "recent"), InterestSources.names());
        assertEquals(SpecSchema.find("fusion.interests").choices(), InterestSources.names(), "every value the spec allows has a source");
    }

    @Test
    void everyDeclaredSettingIsASpecKey() {
        for (Stage<?> stage : Pipeline.STAGES) {
            assertFalse(stage.settings().isEmpty(), stage.name());
            for (String setting : stage.settings()) {
                assertNotNull(SpecSchema.find(setting), stage.name() + " declares " + setting + ", which the spec does not have");
            }
        }
    }

    @Test
    void aKeyChangesWithTheStagesSettingsAndWithNothingElse() throws IOException {
        ResolvedConfig config = config();
        for (Stage<?> stage : Pipeline.STAGES) {
            String key = stage.cacheKey(config);
            assertEquals(key, stage.cacheKey(config), stage.name() + ": the same settings, the same key");
            for (String setting : stage.settings()) {
                // every declared key or section has a value whose change makes another key (some of a section may not count)
                List<String> changing = config.flatten().keySet().stream().filter(k -> under(k, setting))
                        .filter(k -> !key.equals(keyWith(stage, config, k))).toList();
                assertFalse(changing.isEmpty(), stage.name() + ": nothing under " + setting + " changes its key");
            }
            int undeclared = 0;
            for (String k : config.flatten().keySet()) {
                if (SpecSchema.find(k) == null || stage.settings().stream().anyMatch(s -> under(k, s))) {
                    continue;
                }
                undeclared++;
                String changed = keyWith(stage, config, k);
                assertTrue(changed == null || changed.equals(key), stage.name() + " does not declare " + k + ", but its key follows it");
            }
            assertTrue(undeclared > 0, stage.name() + ": some setting is not the stage's");
        }
    }

    private static boolean under(String key, String setting) {
        return key.equals(setting) || key.startsWith(setting + ".");
    }

    /** The stage's key with one value changed, or null when the changed config makes no key (a reader that is not there). */
    private static String keyWith(Stage<?> stage, ResolvedConfig config, String key) {
        Object value = config.get(key);
        Object other = value instanceof Long l ? (Object) (l + 1) : value instanceof Double d ? (Object) (d + 0.5)
                : value instanceof Boolean b ? (Object) !b : value + "-changed";
        try {
            return stage.cacheKey(config.with(key, other));
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Test
    void aSecondAskIsAnsweredFromTheCaches() throws IOException {
        ResolvedConfig config = config();
        Pipeline pipeline = new Pipeline();
        Recorder first = new Recorder();
        PreparedData data;
        ChunkVectors vectors;
        try (Pipeline.Run run = pipeline.open(config, first)) {
            data = run.output(Pipeline.PREPARE);
            vectors = run.output(Pipeline.VECTORS);
            assertSame(vectors, run.output(Pipeline.VECTORS), "within a run, computed once");
        }
        assertTrue(first.any("data prepared") && first.any("[hts] searched 16 user(s)")
                && first.any("[interests] HTS path interests of 16 users"), first.lines.toString());
        assertFalse(first.any("[interests] users "), "the cascade was needed, not asked for: no ticker " + first.lines);

        Recorder again = new Recorder();
        try (Pipeline.Run run = pipeline.open(config, again)) {
            assertSame(data, run.output(Pipeline.PREPARE));
            assertSame(vectors, run.output(Pipeline.VECTORS));
        }
        assertEquals(List.of(), again.lines, "the same pipeline keeps data and vectors");

        Recorder cold = new Recorder();
        try (Pipeline.Run run = new Pipeline().open(config, cold)) {
            run.output(Pipeline.PREPARE);
            assertTrue(cold.any("data from cache"), cold.lines.toString());
            InterestSession session = run.session(); // opened by the request: it outlives the stages below
            run.output(Pipeline.INTERESTS);
            assertEquals(0, session.calls().misses(), "every cascade call from the call cache");
            assertTrue(session.calls().hits() > 0 && cold.any("[interests] users 16/16"), "asked for, it shows its ticker: " + cold.lines);
            assertEquals(16, run.output(Pipeline.TREE).trees().size());
            assertTrue(cold.any("[hts] 16 tree(s) read from"), cold.lines.toString());
            assertNotNull(run.output(Pipeline.VECTORS));
            assertTrue(cold.any("(0 encoded now)"), cold.lines.toString());
            assertEquals(0, session.calls().misses(), "item knowledge too");
        }
    }
}
