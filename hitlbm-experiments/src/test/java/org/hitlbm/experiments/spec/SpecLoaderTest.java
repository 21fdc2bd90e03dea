package org.hitlbm.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private SpecException failure(String yaml) throws IOException {
        Path file = write("bad.yaml", yaml);
        return assertThrows(SpecException.class, () -> new SpecLoader().load(file));
    }

    @Test
    void anEmptySpecResolvesToTheDocumentedDefaults() throws IOException {
        ExperimentSpec spec = new SpecLoader().load(write("empty.yaml", ""));
        assertEquals("empty", spec.name());
        assertEquals(1, spec.cells().size());
        ResolvedConfig c = spec.runs().get(0).config();
        assertEquals("synthetic", c.string("dataset.name"));
        assertEquals(50, c.integer("dataset.minUserInteractions"));
        assertEquals(3.0, c.number("dataset.positiveAbove"));
        assertEquals(50, c.integer("chunking.size"));
        assertEquals(10, c.integer("tree.expansions"));
        assertEquals(0.5, c.number("tree.alpha"));
        assertEquals(6, c.integer("tree.evalItemsPerClass"));
        assertEquals(0.1, c.number("train.learningRate"), "the lr backbone's own default");
        assertEquals(1L, c.longValue("train.seed"));
        assertEquals(Map.of("userFeatures", true, "historyFeatures", true), c.section("backbone.params"));
    }

    @Test
    void everyRunRecordsTheCodeVersionsAndPromptsItsResultDependsOn() throws IOException {
        ResolvedConfig base = new SpecLoader().load(write("base.yaml", "")).cells().get(0).config();
        assertEquals("data" + org.hitlbm.data.PipelineVersions.DATA + ".train" + org.hitlbm.data.PipelineVersions.TRAINING,
                base.string("pipeline.version"), "a backbone alone depends on data and training only");
        assertEquals(null, base.get("pipeline.prompts"), "and on no prompt");
        String fused = "backbone:\n  name: din\nfusion:\n  name: tif\n";
        ResolvedConfig tif = new SpecLoader().load(write("tif.yaml", fused)).cells().get(0).config();
        assertTrue(tif.string("pipeline.version").contains(".interests") && tif.string("pipeline.version").contains(".trees"),
                tif.string("pipeline.version"));
        String shipped = org.hitlbm.tree.prompt.PromptTemplates.load(org.hitlbm.data.Domain.MOVIES, null).contentHash();
        assertEquals(shipped, tif.string("pipeline.prompts"));
        Path prompts = Files.createDirectories(dir.resolve("prompts"));
        String point = org.hitlbm.tree.prompt.PromptTemplates.load(org.hitlbm.data.Domain.MOVIES, null)
                .template(org.hitlbm.tree.prompt.PromptKind.POINT);
        Files.writeString(prompts.resolve("point.txt"), point.replace("please determine", "please decide"));
        ResolvedConfig edited = new SpecLoader().load(write("edited.yaml", fused + "llm:\n  promptDir: " + prompts + "\n"))
                .cells().get(0).config();
        assertTrue(!shipped.equals(edited.string("pipeline.prompts")), "an edited prompt is another run identity");
        ResolvedConfig cube = new SpecLoader().load(write("cube.yaml", fused + "  interests: cube\n")).cells().get(0).config();
        assertTrue(!cube.string("pipeline.version").contains(".trees"), "the cascade does not depend on the tree stage");
    }

    @Test
    void defaultsFollowTheDataset() throws IOException {
        ExperimentSpec spec = new SpecLoader().load(write("amazon.yaml", "dataset:\n  name: amazon-books\n  path: /data/books\n"));
        assertEquals(4.0, spec.cells().get(0).config().number("dataset.positiveAbove"), "Amazon: only 5 stars are positive");
    }

    @Test
    void unknownKeyNamesFileLineKeyAndTheAllowedKeys() throws IOException {
        SpecException e = failure("train:\n  epochs: 3\n  epocs: 5\n");
        String message = e.problems().get(0);
        assertTrue(message.contains("bad.yaml:3: train.epocs: unknown key (did you mean 'epochs'?)"), message);
        assertTrue(message.contains("batchSize"), "lists the allowed keys: " + message);
    }

    @Test
    void unknownSectionIsReported() throws IOException {
        SpecException e = failure("trian:\n  epochs: 3\n");
        assertTrue(e.getMessage().contains("bad.yaml:1: trian: unknown key (did you mean 'train'?)"), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheExpectedTypeAndRange() throws IOException {
        SpecException e = failure("train:\n  epochs: ten\n");
        assertTrue(e.getMessage().contains("bad.yaml:2: train.epochs: expected an integer in [1, 10000], got 'ten'"), e.getMessage());
    }

    @Test
    void outOfRangeAndBadChoicesAreReportedTogether() throws IOException {
        SpecException e = failure("tree:\n  alpha: 1.5\nchunking:\n  mode: weekly\n");
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("bad.yaml:2: tree.alpha: expected a number in [0, 1], got 1.5"), e.getMessage());
        assertTrue(e.getMessage().contains("bad.yaml:4: chunking.mode: expected one of count, month, got 'weekly'"), e.getMessage());
    }

    @Test
    void aFileDatasetNeedsAPath() throws IOException {
        SpecException e = failure("dataset:\n  name: ml-100k\n");
        assertTrue(e.getMessage().contains("bad.yaml:1: dataset.path: required for dataset 'ml-100k'"), e.getMessage());
    }

    @Test
    void unknownBackboneParameterIsRejected() throws IOException {
        SpecException e = failure("backbone:\n  name: lr\n  params:\n    hidden: 3\n");
        assertTrue(e.getMessage().contains("bad.yaml:4: backbone.params.hidden: unknown parameter of backbone 'lr'"), e.getMessage());
    }

    @Test
    void gridExpandsToTheCartesianProductTimesSeeds() throws IOException {
        ExperimentSpec spec = new SpecLoader().load(write("grid.yaml", """
                grid:
                  train.learningRate: [0.01, 0.1]
                  chunking.size: [20, 50, 80]
                seeds: [1, 2]
                """));
        assertEquals(6, spec.cells().size());
        assertEquals(12, spec.runs().size());
        Cell last = spec.cells().get(5);
        assertEquals(Map.of("train.learningRate", 0.1, "chunking.size", 80L), last.assignment());
        assertEquals(80, last.config().integer("chunking.size"));
        assertEquals(List.of("cell-006-seed-1", "cell-006-seed-2"),
                spec.select(6, null, null).stream().map(RunPlan::name).toList());
        assertEquals(2L, spec.select(6, null, null).get(1).config().longValue("train.seed"));
    }

    @Test
    void shardsSplitTheCellsWithoutOverlap() throws IOException {
        ExperimentSpec spec = new SpecLoader().load(write("grid.yaml", "grid:\n  chunking.size: [10, 20, 30, 40, 50]\n"));
        List<Integer> first = spec.select(null, 1, 2).stream().map(r -> r.cell().index()).toList();
        List<Integer> second = spec.select(null, 2, 2).stream().map(r -> r.cell().index()).toList();
        assertEquals(List.of(1, 3, 5), first);
        assertEquals(List.of(2, 4), second);
        assertThrows(SpecException.class, () -> spec.select(null, 3, 2));
        assertThrows(SpecException.class, () -> spec.select(9, null, null));
    }

    @Test
    void badGridValuesPointAtTheirOwnLine() throws IOException {
        SpecException e = failure("grid:\n  train.epochs:\n    - 3\n    - many\n  train.epocs: [1]\n");
        assertTrue(e.getMessage().contains("bad.yaml:4: train.epochs: expected an integer"), e.getMessage());
        assertTrue(e.getMessage().contains("bad.yaml:5: grid.train.epocs: not a spec key"), e.getMessage());
    }

    @Test
    void extendsMergesSectionsKeyByKeyAndTheChildWins() throws IOException {
        write("base.yaml", "train:\n  epochs: 7\n  patience: 4\nchunking:\n  size: 30\nseeds: [5]\n");
        ExperimentSpec spec = new SpecLoader().load(write("child.yaml", "extends: base.yaml\ntrain:\n  epochs: 2\n"));
        ResolvedConfig c = spec.runs().get(0).config();
        assertEquals(2, c.integer("train.epochs"));
        assertEquals(4, c.integer("train.patience"));
        assertEquals(30, c.integer("chunking.size"));
        assertEquals(List.of(5L), spec.seeds());
        assertEquals("child", spec.name());
    }

    @Test
    void errorsInABaseFileNameTheBaseFile() throws IOException {
        write("base.yaml", "train:\n  epochs: -1\n");
        Path child = write("child.yaml", "extends: base.yaml\n");
        SpecException e = assertThrows(SpecException.class, () -> new SpecLoader().load(child));
        assertTrue(e.getMessage().contains("base.yaml:2: train.epochs"), e.getMessage());
    }

    @Test
    void extendsLoopAndMissingBaseAreClearErrors() throws IOException {
        write("a.yaml", "extends: b.yaml\n");
        write("b.yaml", "extends: a.yaml\n");
        SpecException loop = assertThrows(SpecException.class, () -> new SpecLoader().load(dir.resolve("a.yaml")));
        assertTrue(loop.getMessage().contains("loops back"), loop.getMessage());
        Path orphan = write("orphan.yaml", "extends: nowhere.yaml\n");
        SpecException missing = assertThrows(SpecException.class, () -> new SpecLoader().load(orphan));
        assertTrue(missing.getMessage().contains("orphan.yaml:1: extends: base spec") && missing.getMessage().contains("nowhere.yaml"),
                missing.getMessage());
    }

    @Test
    void commandLineOverridesAreTypedAndValidated() throws IOException {
        Path file = write("s.yaml", "train:\n  epochs: 3\n");
        ExperimentSpec spec = new SpecLoader().load(file, List.of("train.epochs=9", "dataset.synthetic.users=40"));
        assertEquals(9, spec.cells().get(0).config().integer("train.epochs"));
        assertEquals(40, spec.cells().get(0).config().integer("dataset.synthetic.users"));
        SpecException e = assertThrows(SpecException.class, () -> new SpecLoader().load(file, List.of("train.epochs=x")));
        assertTrue(e.getMessage().contains("--set train.epochs:0: train.epochs: expected an integer"), e.getMessage());
    }

    @Test
    void environmentVariablesExpandWithDefaults() throws IOException {
        ExperimentSpec spec = new SpecLoader().load(write("env.yaml",
                "dataset:\n  name: ml-100k\n  path: ${HITLBM_SURELY_UNSET_VAR:-/data/ml-100k}\n"));
        assertEquals("/data/ml-100k", spec.cells().get(0).config().string("dataset.path"));
        SpecException e = failure("dataset:\n  name: ml-100k\n  path: ${HITLBM_SURELY_UNSET_VAR}\n");
        assertTrue(e.getMessage().contains("bad.yaml:3: environment variable HITLBM_SURELY_UNSET_VAR is not set"), e.getMessage());
    }

    @Test
    void malformedYamlGivesTheLine() throws IOException {
        SpecException e = failure("train:\n  epochs: [1, 2\n");
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.yaml") + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid YAML"), e.getMessage());
    }

    @Test
    void flattenedConfigHoldsEveryResolvedKey() throws IOException {
        ResolvedConfig c = new SpecLoader().load(write("f.yaml", "")).runs().get(0).config();
        Map<String, String> flat = c.flatten();
        assertEquals("synthetic", flat.get("dataset.name"));
        assertEquals("1", flat.get("train.seed"));
        assertEquals("true", flat.get("backbone.params.userFeatures"));
        assertTrue(c.toYaml().contains("expansions: 10"), c.toYaml());
    }
}
