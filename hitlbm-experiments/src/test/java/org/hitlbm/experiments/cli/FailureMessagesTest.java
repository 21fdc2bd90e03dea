package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, items 11 and 15: failures end with one line and a documented exit code; leftovers are cleaned. */
class FailureMessagesTest extends CliHarness {
    @TempDir
    Path dir;




    private void assertOneLine(String text) {
        assertEquals(1, text.strip().lines().count(), "one line: " + text);
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
    }

    private Path spec(Path results) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  synthetic: {users: 40, items: 150, minBehaviors: 60, maxBehaviors: 120}
                backbone:
                  name: lr
                train:
                  epochs: 1
                tracking:
                  enabled: false
                paths:
                  results: %s
                  cache: %s
                """.formatted(results, dir.resolve("cache")));
        return file;
    }

    @Test
    void syncOfAMissingFolderIsOneSpecErrorLine() {
        assertEquals(2, cli("sync-mlflow", dir.resolve("results/nope").toString(), "--uri", "http://127.0.0.1:9"));
        assertOneLine(stderr());
        assertTrue(stderr().contains("results/nope: no such results folder"), stderr());
    }

    @Test
    void aResultsFolderThatCannotBeWrittenNamesThePathAndExitsSix() throws IOException {
        Path blocked = Files.writeString(dir.resolve("results"), "a file where the results folder should be");
        assertEquals(6, cli("run", spec(blocked).toString()));
        assertOneLine(stderr());
        assertTrue(stderr().startsWith("storage error: ") && stderr().contains(blocked.toString()), stderr());
    }

    @Test
    void temporaryFilesOfAKilledRunAreRemovedOnTheNextStart() throws IOException {
        Path results = dir.resolve("results");
        Path leftover = Files.createDirectories(results.resolve("s").resolve("run-0123456789abcdef"))
                .resolve(".metrics.json.999999999-1a2b.tmp");
        Files.writeString(leftover, "{\"half\": ");
        Path older = results.resolve("s").resolve(".summary.md12345.tmp"); // named by an older build: no pid
        Files.writeString(older, "# half");
        assertEquals(0, cli("run", spec(results).toString()), stderr());
        assertFalse(Files.exists(leftover));
        assertFalse(Files.exists(older));
        assertTrue(stdout().contains("removed 2 temporary file(s)"), stdout());
    }
}
