package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan}: the table, the time at a given throughput, and one-line errors for bad input. */
class PlanCliTest extends CliHarness {
    @TempDir
    Path dir;

    private Path spec(String fusion) throws IOException {
        Path file = dir.resolve("plan-" + fusion + ".yaml");
        Files.writeString(file, """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  synthetic: {users: 12, items: 100, minBehaviors: 60, maxBehaviors: 100}
                chunking: {size: 20}
                encoder: {name: bge-small-en-v1.5-q}
                tree: {expansions: 2}
                fusion: {name: %s, interests: cube}
                backbone: {name: din}
                tracking: {enabled: false}
                paths: {results: %s, cache: %s}
                """.formatted(fusion, dir.resolve("results"), dir.resolve("cache")));
        return file;
    }

    @Test
    void printsCallsPerStageAndTheTimeAtAGivenThroughput() throws IOException {
        assertEquals(0, cli("plan", spec("tif").toString(), "--tokens-per-second", "100,10", "--completion-tokens", "50"), stderr());
        String out = stdout();
        assertTrue(out.contains("plan: synthetic, 12 users"), out);
        assertTrue(out.matches("(?s).*\\ncascade +\\d+ +0 +\\d+ .*"), out);
        assertTrue(out.matches("(?s).*\\nitem knowledge +100 +0 +100 .*"), "one call per item: " + out);
        assertTrue(out.contains("50 tokens per generation (given)"), out);
        assertTrue(out.contains("time at 100.0 prompt and 10.0 generated tokens/s (given)"), out);
        assertTrue(!out.contains("give --tokens-per-second"), out);
    }

    @Test
    void theBackboneAloneAsksNoLlm() throws IOException {
        assertEquals(0, cli("plan", spec("none").toString()), stderr());
        assertTrue(stdout().contains("no LLM call to make"), stdout());
    }

    @Test
    void aBadThroughputIsOneLineAndExitCodeTwo() throws IOException {
        assertEquals(2, cli("plan", spec("tif").toString(), "--tokens-per-second", "fast"));
        assertEquals(1, stderr().strip().lines().count(), stderr());
        assertTrue(stderr().contains("--tokens-per-second: expected two positive numbers P,G"), stderr());
    }
}
