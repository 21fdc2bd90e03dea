package org.hitlbm.experiments.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The command line in-process for tests: {@link #cli} runs it, {@link #stdout}/{@link #stderr} hold what the last call printed. */
public abstract class CliHarness {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    protected int cli(String... args) {
        out.reset();
        err.reset();
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    protected String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    protected String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static final Pattern CALLS = Pattern.compile("llm cache (\\d+) hits / (\\d+) calls");

    /** The calls that reached the LLM backend, as the last stats line of a command's output says. */
    protected static long llmCalls(String output) {
        Matcher m = CALLS.matcher(output);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(2));
        }
        if (last < 0) {
            throw new AssertionError("no stats line in: " + output);
        }
        return last;
    }

    /** Every tree file (user-N.json) under a cache's tree store, by path relative to {@code trees/}, with its text. */
    protected static Map<String, String> treeFiles(Path cache) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Path root = cache.resolve("trees");
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(f -> f.getFileName().toString().startsWith("user-")).toList()) {
                files.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }
}
