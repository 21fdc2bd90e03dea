package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped RQ config (configs/rq1.yaml ... rq7.yaml) end to end on a tiny synthetic set: the
 * same files a researcher runs, with overrides only for the data's size, one epoch and one seed.
 * Each is run, reported, and its report checked for the paper's shape; cells that an earlier RQ
 * trained with the same settings are copied, not retrained.
 */
class RqConfigsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(List<String> args) {
        out.reset();
        err.reset();
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args.toArray(String[]::new));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** run configs/<rq>.yaml on tiny synthetic data, then report it; returns report.md. */
    private String runAndReport(String rq, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", Path.of("..", "configs", rq + ".yaml").toString()));
        for (String set : new String[] {"dataset.name=synthetic", "dataset.synthetic.users=30", "dataset.synthetic.items=150",
            "dataset.synthetic.minBehaviors=60", "dataset.synthetic.maxBehaviors=90", "chunking.size=30", "tree.expansions=2",
            "train.epochs=1", "seeds=[1]", "tracking.enabled=false",
            "paths.results=" + dir.resolve("results"), "paths.cache=" + dir.resolve("cache")}) {
            args.add("--set");
            args.add(set);
        }
        for (String set : extra) {
            args.add("--set");
            args.add(set);
        }
        assertEquals(0, cli(args), rq + ": " + err.toString(StandardCharsets.UTF_8) + stdout());
        assertTrue(stdout().contains("0 failed"), stdout());
        assertEquals(0, cli(List.of("report", dir.resolve("results").resolve(rq).toString(), "--uri", "")), err.toString());
        return Files.readString(dir.resolve("results").resolve(rq).resolve("report.md"));
    }

    private JsonNode metrics(String rq, String run) throws IOException {
        return JSON.readTree(RunFolders.of(dir.resolve("results").resolve(rq), run).resolve("metrics.json").toFile());
    }

    private int finishedRuns(String rq) throws IOException {
        try (Stream<Path> runs = Files.list(dir.resolve("results").resolve(rq))) {
            return (int) runs.filter(p -> Files.exists(p.resolve("metrics.json"))).count();
        }
    }

    private void assertChart(String rq, String file) throws IOException {
        BufferedImage png = ImageIO.read(dir.resolve("results").resolve(rq).resolve(file).toFile());
        assertNotNull(png, rq + ": " + file + " is a PNG");
        assertTrue(png.getWidth() >= 1000 && png.getHeight() == 560, png.getWidth() + "x" + png.getHeight());
    }

    @Test
    void everyRqConfigRunsEndToEndAndReportsInThePapersShape() throws IOException {
        String rq1 = runAndReport("rq1");
        assertEquals(16, finishedRuns("rq1"));
        assertTrue(rq1.contains("| backbone.name | Base | HiT-LBM | Rel.Impr. |"), "Table 2 shape: " + rq1);
        for (String backbone : new String[] {"din", "dien", "dcnv2", "deepfm", "xdeepfm", "autoint", "fibinet", "fignn"}) {
            assertTrue(rq1.contains("| " + backbone + " | "), backbone + " row: " + rq1);
        }

        String rq2 = runAndReport("rq2");
        for (String method : new String[] {"DIN", "SIM", "KAR", "TRSR", "LIBER", "HiT-LBM"}) {
            assertTrue(rq2.contains("| " + method + " | ") || rq2.contains("| **" + method), method + " row: " + rq2);
        }
        assertEquals("20", metrics("rq2", "cell-002-seed-1").get("params").get("retrieval.behaviors").asText(), "SIM retrieves");
        assertEquals("recent", metrics("rq2", "cell-003-seed-1").get("params").get("fusion.interests").asText(), "KAR's window");
        assertEquals("segments", metrics("rq2", "cell-005-seed-1").get("params").get("fusion.interests").asText(), "LIBER's segments");
        assertChart("rq2", "auc-bars.png");
        assertTrue(metrics("rq2", "cell-006-seed-1").get("reused_from").asText().contains("rq1"),
                "DIN + HiT-LBM was trained by rq1 with the same settings and seed");

        // monthly chunks on so small a world leave few rating rows: fewer folds, more users
        String rq3 = runAndReport("rq3", "dataset.synthetic.users=60", "tree.ratingFolds=2");
        assertEquals(2, finishedRuns("rq3"));
        assertTrue(rq3.contains("| HiT-LBM | "), rq3);
        assertEquals("month", metrics("rq3", "cell-002-seed-1").get("params").get("chunking.mode").asText());

        String rq4 = runAndReport("rq4");
        assertEquals(40, finishedRuns("rq4"));
        assertTrue(rq4.contains("| backbone.name | Base | CUBE | Rel.Impr. | CUBE+TIF | Rel.Impr. | CUBE+TIF+HTS | Rel.Impr."
                + " | CUBE+TIF+HTS(M=10) | Rel.Impr. |"), rq4);
        assertEquals("10", metrics("rq4", "cell-033-seed-1").get("params").get("tree.ratingCandidates").asText(),
                "M > 0 is a named variant beside the paper's M = 0");
        assertEquals("0", metrics("rq4", "cell-025-seed-1").get("params").get("tree.ratingCandidates").asText());
        assertTrue(rq4.contains("seedScope: pipeline"), "the RQ reports say what their seeds varied: " + rq4);
        assertChart("rq4", "auc-bars.png");
        JsonNode cubeOnly = metrics("rq4", "cell-009-seed-1"); // CUBE on din: variants outside, the 8 backbones inside
        assertEquals("CUBE", cubeOnly.get("params").get("variant").asText());
        assertEquals("din", cubeOnly.get("params").get("backbone.name").asText());
        assertEquals("cube", cubeOnly.get("params").get("fusion.interests").asText());
        assertTrue(cubeOnly.get("reused_from") == null, "CUBE alone is trained here, no other RQ has it");

        String rq5 = runAndReport("rq5");
        for (String fusion : new String[] {"MLP", "SA", "GRU", "TIF"}) {
            assertTrue(rq5.contains("| " + fusion + " | ") || rq5.contains("| **" + fusion), fusion + " row: " + rq5);
        }
        assertTrue(metrics("rq5", "cell-005-seed-1").get("reused_from").asText().contains("rq1"));

        assertEquals(0, cli(List.of("run", Path.of("..", "configs", "rq6.yaml").toString(), "--set", "paths.results=" + dir.resolve("results"))));
        assertTrue(stdout().contains("nothing to run: grid.llm.model is empty"), "RQ6 without models says so: " + stdout());
        assertTrue(!Files.exists(dir.resolve("results").resolve("rq6")), "and writes nothing");
        // the offline stand-in ignores the model's name: this exercises one tree per model and the size axis, not an LLM
        String rq6 = runAndReport("rq6", "llm.backend=offline", "grid.llm.model=[stand-in-0.5B, stand-in-3B, stand-in-unsized]");
        assertEquals(3, finishedRuns("rq6"));
        assertChart("rq6", "auc-by-llm-size.png");
        assertTrue(rq6.contains("not on the chart: `stand-in-unsized`"), "a name without a size is never given one: " + rq6);

        String rq7 = runAndReport("rq7");
        for (String encoder : new String[] {"Base", "MiniLM", "E5", "BGE"}) {
            assertTrue(rq7.contains("| " + encoder + " | ") || rq7.contains("| **" + encoder), encoder + " row: " + rq7);
        }
        assertEquals("all-minilm-l6-v2", metrics("rq7", "cell-002-seed-1").get("params").get("fusion.encoder").asText());
        assertChart("rq7", "auc-bars.png");
    }
}
