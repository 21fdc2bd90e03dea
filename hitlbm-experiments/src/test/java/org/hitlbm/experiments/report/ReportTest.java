package org.hitlbm.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report over a results folder whose numbers the test chose, so every figure in it can be checked. */
class ReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A finished run's metrics.json with the given params and final metrics. */
    private static void write(Path experiment, String name, Map<String, String> params, Map<String, Double> metrics) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("run", name);
        root.put("status", "FINISHED");
        params.forEach(root.putObject("params")::put);
        ObjectNode values = root.putObject("final");
        values.put("val.auc", 0.7); // a complete record has validation metrics too
        values.put("val.logloss", 0.5);
        metrics.forEach(values::put);
        Files.createDirectories(experiment.resolve(name));
        Files.writeString(experiment.resolve(name).resolve("metrics.json"), JSON.writeValueAsString(root));
    }

    private void run(Path experiment, String name, String variant, String backbone, long seed, double auc, double logLoss) throws IOException {
        write(experiment, name, Map.of("variant", variant, "backbone.name", backbone, "train.seed", String.valueOf(seed)),
                Map.of("test.auc", auc, "test.logloss", logLoss));
    }

    /** A run of a learning-rate grid: its validation AUC chooses, its test AUC is reported. */
    private void tuned(Path experiment, String name, String variant, String lr, long seed, double val, double test) throws IOException {
        write(experiment, name, Map.of("variant", variant, "train.learningRate", lr, "train.seed", String.valueOf(seed)),
                Map.of("val.auc", val, "test.auc", test, "test.logloss", 0.6));
    }

    @Test
    void tunedKeysAreChosenOnValidationAndOnlyTheChosenCellsTestIsReported() throws IOException {
        Path experiment = dir.resolve("sel");
        Files.createDirectories(experiment);
        Files.writeString(experiment.resolve("experiment.json"), JSON.writeValueAsString(Map.of("experiment", "sel",
                "cellKeys", List.of("variant", "train.learningRate"), "variants", List.of("Base", "Ours"), "seedScope", "pipeline",
                "report", Map.of("base", "Base", "chart", "none", "select", "train.learningRate"))));
        // Ours at lr 0.01 has the best TEST AUC (0.80) but the worse validation AUC: lr 0.001 must be reported (0.76)
        for (int s = 1; s <= 2; s++) {
            tuned(experiment, "b1-" + s, "Base", "0.001", s, 0.70, 0.70 + 0.001 * s);
            tuned(experiment, "b2-" + s, "Base", "0.01", s, 0.71, 0.72 + 0.001 * s);
            tuned(experiment, "o1-" + s, "Ours", "0.001", s, 0.75, 0.76 + 0.001 * s);
            tuned(experiment, "o2-" + s, "Ours", "0.01", s, 0.74, 0.80 + 0.001 * s);
        }
        String md = report(experiment);
        assertTrue(md.contains("| Ours | **0.7615 ± 0.0007**"), "Ours reports lr 0.001, chosen on validation: " + md);
        assertTrue(md.contains("| Base | 0.7215 ± 0.0007"), "Base reports lr 0.01, its own validation choice: " + md);
        assertFalse(md.contains("0.8015"), "the test-best cell never shows: " + md);
        assertTrue(md.contains("## Model selection"), md);
        assertTrue(md.contains("**train.learningRate=0.001: 0.7500 (2 seeds)**; train.learningRate=0.01: 0.7400 (2 seeds)"), md);
        assertTrue(md.contains("seedScope: pipeline"), "the report says what the seeds varied: " + md);
    }

    @Test
    void aTrainingScopeReportSaysItsSpreadUnderstatesThePipelines() throws IOException {
        String md = report(table2("none"));
        assertTrue(md.contains("seedScope: training") && md.contains("understates"), md);
    }

    private Path table2(String chart) throws IOException {
        Path experiment = dir.resolve("t2");
        Files.createDirectories(experiment);
        Files.writeString(experiment.resolve("experiment.json"), JSON.writeValueAsString(Map.of("experiment", "t2",
                "description", "two backbones", "cellKeys", List.of("variant", "backbone.name"), "variants", List.of("Base", "Ours"),
                "report", Map.of("title", "Table 2 test", "rows", "backbone.name", "base", "Base", "chart", chart))));
        // din: Ours gains 0.010 +- 0.001 on every seed (significant); dcnv2: +0.003, -0.004, +0.002 (not)
        double[] dinBase = {0.740, 0.750, 0.745};
        double[] dinOurs = {0.750, 0.761, 0.754};
        double[] dcnBase = {0.700, 0.710, 0.705};
        double[] dcnOurs = {0.703, 0.706, 0.707};
        for (int s = 0; s < 3; s++) {
            run(experiment, "b-din-" + s, "Base", "din", s + 1, dinBase[s], 0.60);
            run(experiment, "o-din-" + s, "Ours", "din", s + 1, dinOurs[s], 0.58 + 0.001 * s);
            run(experiment, "b-dcn-" + s, "Base", "dcnv2", s + 1, dcnBase[s], 0.62);
            run(experiment, "o-dcn-" + s, "Ours", "dcnv2", s + 1, dcnOurs[s], 0.62);
        }
        return experiment;
    }

    private String report(Path experiment) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ReportCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err).run(experiment, null);
        return Files.readString(experiment.resolve("report.md"));
    }

    @Test
    void tableTwoHasBaseOursAndRelativeImprovementWithMarksOnlyWhereThePairedTestSaysSo() throws IOException {
        String md = report(table2("none"));
        assertTrue(md.startsWith("# Table 2 test"), md);
        assertTrue(md.contains("| backbone.name | Base | Ours | Rel.Impr. |"), md);
        // din: base mean 0.7450, ours 0.7550 -> +1.34%, marked; the best of the row in bold
        assertTrue(md.contains("| din | 0.7450 ± 0.0050 | **0.7550 ± 0.0056**\\* | +1.34% |"), md);
        // dcnv2: mean gain 0.0003, not significant: no mark
        assertTrue(md.contains("| dcnv2 | 0.7050 ± 0.0050 | **0.7053 ± 0.0021** | +0.05% |"), md);
        assertTrue(md.contains("| *average* |  |  | +0.69% |"), "mean of +1.34% and +0.05%: " + md);
        assertTrue(md.contains("## LogLoss"), md);
        assertTrue(md.contains("| din | Ours | Base | 3 | +0.0100 |"), "the t-test table: " + md);
        assertFalse(Files.exists(dir.resolve("t2").resolve(ReportCommand.BARS)), "no chart asked for");
    }

    @Test
    void barsAreDrawnWhenAsked() throws IOException {
        Path experiment = table2("bars");
        report(experiment);
        var png = javax.imageio.ImageIO.read(experiment.resolve(ReportCommand.BARS).toFile());
        assertEquals(1000, png.getWidth());
        assertEquals(560, png.getHeight());
    }

    @Test
    void modelSizesAreReadFromNamesAndNeverInvented() {
        assertEquals(0.5, ReportCharts.sizeInBillions("Qwen/Qwen2.5-0.5B-Instruct").getAsDouble(), 1e-12);
        assertEquals(7, ReportCharts.sizeInBillions("Qwen/Qwen2.5-7B-Instruct").getAsDouble(), 1e-12);
        assertEquals(14, ReportCharts.sizeInBillions("/models/7b/qwen2.5-14b-instruct-q4_k_m.gguf").getAsDouble(), 1e-12,
                "the file's name, not its folder's");
        assertEquals(0.5, ReportCharts.sizeInBillions("smol-500M").getAsDouble(), 1e-12);
        assertTrue(ReportCharts.sizeInBillions("gpt-4o-mini").isEmpty());
        assertTrue(ReportCharts.sizeInBillions("my-finetune").isEmpty());
    }
}
