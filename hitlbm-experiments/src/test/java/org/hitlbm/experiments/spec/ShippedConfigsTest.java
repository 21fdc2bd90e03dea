package org.hitlbm.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every spec under configs/ loads and validates (paths to real data are not opened here). */
class ShippedConfigsTest {
    @Test
    void everyShippedConfigValidates() throws IOException {
        Path configs = Path.of("..", "configs");
        List<Path> files;
        try (Stream<Path> list = Files.list(configs)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no configs found under " + configs.toAbsolutePath());
        for (Path file : files) {
            ExperimentSpec spec = new SpecLoader().load(file);
            if (file.endsWith("rq6.yaml")) { // no LLMs are configured for the scale study: it must say so, not run
                assertTrue(spec.runs().isEmpty() && spec.nothingToRun().contains("grid.llm.model"), file.toString());
                continue;
            }
            assertFalse(spec.runs().isEmpty(), file.toString());
            assertTrue(spec.nothingToRun() == null, file.toString());
        }
        assertTrue(files.stream().anyMatch(f -> f.endsWith("quickstart.yaml")));
        for (int rq = 1; rq <= 7; rq++) {
            String name = "rq" + rq + ".yaml";
            assertTrue(files.stream().anyMatch(f -> f.endsWith(name)), "SPEC's experiment table: " + name);
        }
    }

    @Test
    void paperFacingConfigsUseThePapersRatingDataAndVaryTheWholePipeline() {
        for (String name : new String[] {"hts-ml100k", "rq1", "rq2", "rq3", "rq4", "rq5", "rq7"}) {
            ExperimentSpec spec = new SpecLoader().load(Path.of("..", "configs", name + ".yaml"));
            for (Cell cell : spec.cells()) {
                String variant = cell.config().string(SpecSchema.VARIANT);
                boolean namedVariant = variant != null && variant.contains("M=");
                assertTrue(namedVariant || cell.config().integer("tree.ratingCandidates") == 0,
                        name + " cell " + cell.index() + ": M > 0 only as a named variant, the paper's M = 0 otherwise");
                assertTrue(cell.config().integer("tree.ratingFolds") >= 2, "cross-fitted");
            }
            if (name.startsWith("rq")) {
                assertTrue(spec.pipelineSeeds(), name + ": seeds vary the whole pipeline");
            }
        }
    }
}
