package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hitlbm.tree.cache.LlmCallCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code interests --shard} and {@code hts --shard} as two processes at once on one cache: every LLM
 * call made once over both, and the trees the same as one process's.
 */
class ShardedByUserCliTest extends CliHarness {
    private static final Pattern CALLS = Pattern.compile("llm cache (\\d+) hits / (\\d+) calls");

    @TempDir
    Path dir;

    private Path spec(String name, Path cache) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  synthetic: {users: 16, items: 150, minBehaviors: 60, maxBehaviors: 120}
                chunking: {size: 20}
                encoder: {name: bge-small-en-v1.5-q}
                tree: {expansions: 2, ratingCandidates: 2}
                fusion: {name: tif}
                backbone: {name: din}
                tracking: {enabled: false}
                paths: {results: %s, cache: %s}
                """.formatted(dir.resolve("results"), cache));
        return file;
    }

    /** The calls that reached the backend, as the last stats line of a process's output says. */
    private static long calls(String output) {
        Matcher m = CALLS.matcher(output);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(2));
        }
        assertTrue(last >= 0, "no stats line in: " + output);
        return last;
    }

    /** Runs the commands as separate JVMs at once; their outputs, in order. */
    private List<String> together(List<List<String>> commands) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int k = 0; k < commands.size(); k++) {
            List<String> command = new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName()));
            command.addAll(commands.get(k));
            Path log = dir.resolve("process-" + processes.size() + "-" + k + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("HITLBM_SAME_JVM", "1");
            builder.environment().put("OMP_NUM_THREADS", "1");
            Stream.of("SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX").forEach(builder.environment()::remove);
            processes.add(builder.start());
            logs.add(log);
        }
        List<String> outputs = new ArrayList<>();
        for (int k = 0; k < processes.size(); k++) {
            assertTrue(processes.get(k).waitFor(5, TimeUnit.MINUTES), "process " + k + " finished");
            String output = Files.readString(logs.get(k));
            assertEquals(0, processes.get(k).exitValue(), output);
            outputs.add(output);
        }
        return outputs;
    }

    /** Every file under the tree store, by relative path, with its bytes. */
    private static Map<String, String> trees(Path cache) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Path root = cache.resolve("trees");
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }

    @Test
    void twoProcessesShardedByUserMakeEveryCallOnceAndTheSameTrees() throws Exception {
        Path single = dir.resolve("cache-single");
        Path singleSpec = spec("single", single);
        assertEquals(0, cli("interests", singleSpec.toString()), stderr());
        long singleCalls = calls(stdout());
        assertEquals(0, cli("hts", singleSpec.toString()), stderr());
        singleCalls += calls(stdout());
        assertTrue(stdout().contains("searched 16 user(s)"), stdout());

        Path shared = dir.resolve("cache-shared");
        String spec = spec("sharded", shared).toString();
        List<String> interests = together(List.of(List.of("interests", spec, "--shard", "1/2"),
                List.of("interests", spec, "--shard", "2/2")));
        assertTrue(interests.get(0).contains("interests: 8 users (shard 1/2)"), interests.get(0));
        List<String> hts = together(List.of(List.of("hts", spec, "--shard", "1/2"), List.of("hts", spec, "--shard", "2/2")));
        assertTrue(hts.get(0).contains("searched 8 user(s)") && hts.get(1).contains("searched 8 user(s)"), hts.toString());

        long shardedCalls = 0;
        for (String output : Stream.concat(interests.stream(), hts.stream()).toList()) {
            shardedCalls += calls(output);
        }
        long cached;
        try (LlmCallCache cache = new LlmCallCache(shared.resolve("llm.sqlite"))) {
            cached = cache.size();
        }
        assertEquals(cached, shardedCalls, "every call reached the backend once, over all four processes");
        assertEquals(singleCalls, shardedCalls, "as many calls as one process makes");
        Map<String, String> singleTrees = trees(single);
        assertEquals(16, singleTrees.size(), singleTrees.keySet().toString());
        assertEquals(singleTrees, trees(shared), "the same trees, byte for byte");
    }
}
