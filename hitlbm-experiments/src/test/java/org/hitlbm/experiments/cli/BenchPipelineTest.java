package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPipelineTest extends CliHarness {
    @TempDir
    Path dir;

    @Test
    void theGrowthExponentIsTheLogLogSlope() {
        double[] users = {1000, 5000, 20000};
        assertEquals(1.0, BenchPipeline.growthExponent(users, new double[] {2, 10, 40}), 1e-9);
        assertEquals(2.0, BenchPipeline.growthExponent(users, new double[] {1, 25, 400}), 1e-9);
        assertTrue(Double.isNaN(BenchPipeline.growthExponent(new double[] {1000}, new double[] {3})), "one size: no slope");
        assertTrue(Double.isNaN(BenchPipeline.growthExponent(users, new double[] {1, 0, 2})), "a zero time: no slope");
    }

    /** Two tiny sizes end to end: every stage timed, the heap it holds read, one table with the process peaks. */
    @Test
    void everyStageOfEverySizeIsTimedAndItsPeakMemoryRead() throws IOException {
        Path table = dir.resolve("pipeline.md");
        // short chunks, so sixteen users give every rating fold both classes
        assertEquals(0, cli("bench", "pipeline", "--users", "16,24", "--out", table.toString(), "--set", "chunking.size=20",
                "--set", "dataset.synthetic.maxBehaviors=120", "--set", "tree.expansions=2", "--set", "tree.ratingCandidates=2"),
                stdout() + stderr());
        List<String> lines = Files.readAllLines(table);
        for (String stage : BenchPipeline.STAGES) {
            String row = lines.stream().filter(l -> l.startsWith("| " + stage + " |")).findFirst().orElseThrow(() -> new AssertionError(
                    stage + " missing: " + lines));
            String[] cells = row.split("\\|");
            // | stage | s | MB | s | MB | k |
            assertEquals(7, cells.length, row);
            for (int c = 2; c <= 5; c++) {
                double v = Double.parseDouble(cells[c].trim());
                // seconds are >= 0; the heap a stage holds is a finite number of MB (a GC may even free more than it adds)
                assertTrue(c % 2 == 0 ? v >= 0 : Double.isFinite(v), row);
            }
            Double.parseDouble(cells[6].trim()); // a number, or NaN where a time was 0
        }
        assertTrue(stdout().contains("bench pipeline: 16 users") && stdout().contains("bench pipeline: 24 users"), stdout());
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\| 24 \\| [0-9,]+ \\| [0-9,]+ \\| [0-9]+ \\|")), "process peak RSS: " + lines);
    }
}
