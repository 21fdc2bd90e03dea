package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code interests}: progress lines for item knowledge, and {@code --no-items}; synthetic data, offline backend. */
class InterestsItemsCliTest extends CliHarness {
    private static final Pattern ITEM_LINE = Pattern.compile("\\[interests] items (\\d+)/(\\d+)  llm cache \\d+ hits / \\d+ calls, \\d+ tokens.*  ETA \\d+s");
    private static final Pattern CHUNKS = Pattern.compile("interests: (\\d+) users, (\\d+) chunks, backend offline");
    private static final Pattern DONE = Pattern.compile("\\[interests] done: (\\d+) interests for (\\d+) users, (.*) in [\\d.]+s;"
            + " llm cache (\\d+) hits / (\\d+) calls");

    @TempDir
    Path dir;

    /** The synthetic defaults, small; no encoder, no tracking, everything under the temp dir. */
    private Path spec() throws IOException {
        String yaml = """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  synthetic:
                    users: 30
                    items: 150
                    minBehaviors: 60
                    maxBehaviors: 120
                encoder:
                  name: none
                tracking:
                  enabled: false
                paths:
                  results: %s
                  cache: %s
                """.formatted(dir.resolve("results"), dir.resolve("cache"));
        Path file = dir.resolve("interests.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static Matcher find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertTrue(m.find(), pattern + " in:\n" + text);
        return m;
    }

    @Test
    void itemKnowledgeShowsProgressLikeTheUsers() throws IOException {
        assertEquals(0, cli("interests", spec().toString(), "--users", "5"), stdout() + "\n" + stderr());

        String stdout = stdout();
        assertTrue(stdout.contains("[interests] users 5/5  llm cache "), stdout);
        List<String> itemLines = stdout.lines().filter(l -> l.startsWith("[interests] items ")).toList();
        assertTrue(itemLines.size() >= 2 && itemLines.size() <= 21, "about 20 updates at most: " + itemLines);
        int total = -1;
        int previous = 0;
        for (String line : itemLines) {
            Matcher m = ITEM_LINE.matcher(line);
            assertTrue(m.matches(), line);
            int done = Integer.parseInt(m.group(1));
            total = Integer.parseInt(m.group(2));
            assertTrue(done > previous && done <= total, itemLines.toString());
            previous = done;
        }
        assertEquals(total, previous, "the last line is all items: " + itemLines);
        Matcher done = find(DONE, stdout);
        assertEquals(total + " item texts", done.group(3));
        int chunks = Integer.parseInt(find(CHUNKS, stdout).group(2));
        assertEquals(chunks + total, Integer.parseInt(done.group(5)), "one call per chunk and one per item: " + stdout);
    }

    @Test
    void noItemsAsksOnlyTheCascade() throws IOException {
        assertEquals(0, cli("interests", spec().toString(), "--users", "5", "--no-items"), stdout() + "\n" + stderr());

        String stdout = stdout();
        assertFalse(stdout.contains("[interests] items "), stdout);
        assertTrue(stdout.contains("[interests] users 5/5  "), stdout);
        Matcher done = find(DONE, stdout);
        assertEquals("item knowledge skipped (--no-items)", done.group(3), stdout);
        int chunks = Integer.parseInt(find(CHUNKS, stdout).group(2));
        assertEquals(chunks, Integer.parseInt(done.group(1)), "an interest per chunk");
        assertEquals(0, Integer.parseInt(done.group(4)), stdout);
        assertEquals(chunks, Integer.parseInt(done.group(5)), "exactly the cascade's calls, one per chunk: " + stdout);
    }

    @Test
    void theCommandsResultCountsNoItemsAndOnlyTheCascadesCalls() throws IOException {
        ResolvedConfig config = new SpecLoader().load(spec(), List.of()).select(1, null, null).get(0).config();

        InterestsCommand.Result without = new InterestsCommand(Reporter.SILENT).run(config, org.hitlbm.data.UserShard.firstUsers(4), false);
        assertEquals(4, without.users());
        assertEquals(0, without.items());
        assertEquals(0, without.hits());
        assertTrue(without.interests() > 4, without.toString());
        assertEquals(without.interests(), without.calls(), "one call per chunk of the 4 users: " + without);

        // items later: the cascade comes from the call cache, only the items are asked
        InterestsCommand.Result with = new InterestsCommand(Reporter.SILENT).run(config, org.hitlbm.data.UserShard.firstUsers(4), true);
        assertTrue(with.items() > 0, with.toString());
        assertEquals(without.interests(), with.hits(), with.toString());
        assertEquals(with.items(), with.calls(), with.toString());
    }
}
