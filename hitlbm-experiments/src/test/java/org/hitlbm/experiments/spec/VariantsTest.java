package org.hitlbm.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code variants:} (named bundles of settings, crossed with the grid), {@code report:}, and an empty grid. */
class VariantsTest {
    @TempDir
    Path dir;

    private ExperimentSpec load(String yaml, String... overrides) throws IOException {
        Path file = dir.resolve("v.yaml");
        Files.writeString(file, yaml);
        return new SpecLoader().load(file, List.of(overrides));
    }

    @Test
    void variantsCrossTheGridAndNameTheirCells() throws IOException {
        ExperimentSpec spec = load("""
                backbone: {name: din}
                variants:
                  Base: {fusion.name: none}
                  Ours: {fusion.name: tif, fusion: {params: {outDim: 16}}}
                grid:
                  backbone.name: [din, deepfm]
                report: {rows: backbone.name, base: Base, chart: bars}
                """);
        assertEquals(List.of("Base", "Ours"), spec.variants());
        assertEquals(4, spec.cells().size());
        assertEquals(List.of("variant", "backbone.name"), spec.cellKeys());
        Cell oursDeepfm = spec.cells().get(3);
        assertEquals("Ours", oursDeepfm.assignment().get("variant"));
        assertEquals("deepfm", oursDeepfm.config().string("backbone.name"));
        assertEquals("tif", oursDeepfm.config().string("fusion.name"));
        assertEquals(16, ((Number) oursDeepfm.config().get("fusion.params.outDim")).intValue());
        assertEquals("Ours", oursDeepfm.config().string("variant"), "the variant is recorded in the run's config");
        assertTrue(oursDeepfm.config().toYaml().startsWith("variant: Ours"));
        assertEquals("Base", spec.report().base());
        assertEquals("backbone.name", spec.report().rows());
    }

    @Test
    void aWrongKeyInsideAVariantNamesItsLine() throws IOException {
        SpecException e = assertThrows(SpecException.class, () -> load("""
                variants:
                  Base: {fusion.name: none}
                  Ours:
                    fusion.nmae: tif
                """));
        assertTrue(e.getMessage().contains("v.yaml:4") && e.getMessage().contains("fusion.nmae"), e.getMessage());
    }

    @Test
    void reportSettingsAreChecked() throws IOException {
        SpecException e = assertThrows(SpecException.class, () -> load("""
                variants: {A: {}, B: {train.epochs: 2}}
                report: {base: C, chart: pie, colour: red}
                """));
        assertTrue(e.getMessage().contains("report.base: 'C' is not one of the variants [A, B]"), e.getMessage());
        assertTrue(e.getMessage().contains("report.chart"), e.getMessage());
        assertTrue(e.getMessage().contains("report.colour: unknown key"), e.getMessage());
    }

    @Test
    void anEmptyGridAxisMeansNothingToRunAndSaysWhy() throws IOException {
        ExperimentSpec spec = load("grid:\n  llm.model: []\n");
        assertTrue(spec.cells().isEmpty());
        assertEquals("grid.llm.model is empty", spec.nothingToRun());
        ExperimentSpec filled = load("grid:\n  llm.model: []\n", "grid.llm.model=[a-1B, b-7B]");
        assertEquals(2, filled.cells().size());
    }

    @Test
    void fusingTheTreePathNeedsTheTree() throws IOException {
        SpecException e = assertThrows(SpecException.class, () -> load("""
                backbone: {name: din}
                tree: {enabled: false}
                fusion: {name: tif, interests: hts}
                """));
        assertTrue(e.getMessage().contains("fusion.interests"), e.getMessage());
        assertEquals("cube", load("backbone: {name: din}\ntree: {enabled: false}\nfusion: {name: mlp}\n").cells().get(0).config()
                .string("fusion.interests"), "without the tree, the cascade is fused");
    }
}
