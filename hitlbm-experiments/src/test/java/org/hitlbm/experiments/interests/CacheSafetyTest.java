package org.hitlbm.experiments.interests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.hitlbm.experiments.cli.CliHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, items 4, 8, 11 and 15 through the command line: damaged caches end with one line and
 * exit 6, poisoned trees are searched again with a warning, and data text reaches the terminal
 * without its escape sequences.
 */
class CacheSafetyTest extends CliHarness {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;





    private Path spec(String extra) throws IOException {
        String yaml = """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  synthetic:
                    users: 40
                    items: 150
                    minBehaviors: 60
                    maxBehaviors: 120
                backbone:
                  name: lr
                train:
                  epochs: 2
                tracking:
                  enabled: false
                paths:
                  results: %s
                  cache: %s
                """.formatted(dir.resolve("results"), dir.resolve("cache")) + extra;
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static void junk(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] bytes = new byte[16384];
        new Random(13).nextBytes(bytes);
        Files.write(file, bytes);
    }

    private void assertOneDamagedLine(Path file) {
        String e = stderr();
        assertEquals(1, e.lines().count(), "one line, no stack trace: " + e);
        assertTrue(e.startsWith("storage error: " + file), e);
        assertTrue(e.contains("damaged") && e.contains("loses only cached"), e);
    }

    @Test
    void aDamagedLlmCacheIsOneLineNamingItAndExit6() throws IOException {
        Path spec = spec("encoder:\n  name: none\n");
        Path file = dir.resolve("cache/llm.sqlite");
        junk(file);
        assertEquals(6, cli("interests", spec.toString(), "--set", "dataset.synthetic.users=4"), stderr());
        assertOneDamagedLine(file);
    }

    @Test
    void aDamagedVectorCacheIsOneLineNamingItAndExit6() throws IOException {
        Path spec = spec("encoder:\n  name: bge-small-en-v1.5-q\n");
        Path file = dir.resolve("cache/vectors.sqlite");
        junk(file);
        assertEquals(6, cli("interests", spec.toString(), "--set", "dataset.synthetic.users=4", "--set", "dataset.synthetic.items=40"),
                stderr());
        assertOneDamagedLine(file);
    }

    private static Path treeFile(Path cache, int user) throws IOException {
        try (Stream<Path> files = Files.walk(cache.resolve("trees"))) {
            return files.filter(f -> f.getFileName().toString().equals("user-" + user + ".json")).findFirst().orElseThrow();
        }
    }

    @Test
    void aPoisonedTreeFileIsSearchedAgainWithAWarningNamingIt() throws IOException {
        Path spec = spec("encoder:\n  name: bge-small-en-v1.5-q\ntree:\n  expansions: 3\n");
        String[] tree = {"tree", spec.toString(), "--user", "2", "--set", "dataset.synthetic.users=12", "--set", "chunking.size=20"};
        assertEquals(0, cli(tree), stderr());
        Path file = treeFile(dir.resolve("cache"), 2);
        ObjectNode good = (ObjectNode) JSON.readTree(file.toFile());
        int layers = good.get("layers").size();
        assertTrue(layers >= 2, good.toString());

        Files.writeString(file, "{}");
        Path leftover = Files.writeString(file.resolveSibling(".user-3.json.4194399-0f.tmp"), "{\"us"); // a killed writer's
        assertEquals(0, cli(tree), stderr());
        assertTrue(stdout().contains("WARNING: ") && stdout().contains(file.toString()) && stdout().contains("user 2"), stdout());
        assertTrue(stdout().contains("searched 1 user(s)"), "the tree is searched again: " + stdout());
        assertEquals(layers, JSON.readTree(file.toFile()).get("layers").size(), "and stored whole");
        assertFalse(Files.exists(leftover), "leftover temporary files of dead writers are swept");

        ((ArrayNode) good.get("layers")).remove(layers - 1); // a tree with a layer fewer than the user has chunks
        Files.writeString(file, good.toString());
        assertEquals(0, cli(tree), stderr());
        assertTrue(stdout().contains("WARNING: ") && stdout().contains(file.toString()) && stdout().contains("searched 1 user(s)"), stdout());

        Files.writeString(file, "null");
        assertEquals(0, cli(tree), stderr());
        assertTrue(stdout().contains("WARNING: ") && stdout().contains("searched 1 user(s)"), stdout());
        assertEquals(0, cli(tree), stderr());
        assertTrue(stdout().contains("[hts] 1 tree(s) read from") && !stdout().contains("WARNING"), stdout());
    }

    /** A MovieLens-100K folder whose first title carries a screen clear, a bell and a C1 control sequence introducer. */
    private Path hostileMovieLens() throws IOException {
        Path data = Files.createDirectories(dir.resolve("ml100k"));
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            String title = i == 1 ? "Evil\u001b[2J\u0007\u009b31m Movie (1995)" : "Movie " + i + " (1995)";
            items.append(i).append('|').append(title).append("|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
        }
        Files.write(data.resolve("u.item"), items.toString().getBytes(StandardCharsets.ISO_8859_1));
        StringBuilder ratings = new StringBuilder();
        long time = 881250949;
        for (int u = 1; u <= 3; u++) {
            for (int i = 1; i <= 60; i++) {
                ratings.append(u).append('\t').append(i).append('\t').append(1 + (u * i) % 5).append('\t').append(time++).append('\n');
            }
        }
        Files.writeString(data.resolve("u.data"), ratings);
        return data;
    }

    @Test
    void showUserPrintsControlCharactersOfTitlesVisibly() throws IOException {
        Path data = hostileMovieLens();
        Path spec = spec("encoder:\n  name: none\n");
        assertEquals(0, cli("show-user", spec.toString(), "--user", "1", "--set", "dataset.name=ml-100k", "--set", "dataset.path=" + data,
                "--set", "chunking.size=20"), stderr());
        String printed = stdout();
        // the reader may blank control characters of titles (with a data warning); whatever reaches show-user is printed visibly
        assertTrue(printed.contains("Evil") && printed.contains("[2J"), printed);
        assertFalse(printed.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x9b), "no raw ESC, BEL or CSI: " + printed);
    }
}
