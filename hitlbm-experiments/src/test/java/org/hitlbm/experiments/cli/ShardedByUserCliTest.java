package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * call made once over both, and the trees the same as one process's; on a PostgreSQL store
 * ({@code paths.store}) the trees and vectors too.
 */
class ShardedByUserCliTest extends CliHarness {

    @TempDir
    Path dir;

    private Path spec(String name, Path cache) throws IOException {
        return spec(name, cache, null);
    }

    private Path spec(String name, Path cache, String store) throws IOException {
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
                paths: {results: %s, cache: %s%s}
                """.formatted(dir.resolve("results"), cache, store == null ? "" : ", store: '" + store + "'"));
        return file;
    }


    private static final Pattern FOLD = Pattern.compile("fold (\\d+)/\\d+: SRM/PRM (fitted|read from the store)");

    /** Each fold's rating models were fitted by one process only; the other read them from the store. */
    private static void eachFoldFittedOnce(List<String> htsOutputs) {
        Map<String, Integer> fitted = new TreeMap<>();
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (String output : htsOutputs) {
            Matcher m = FOLD.matcher(output);
            while (m.find()) {
                seen.add(m.group(1));
                if (m.group(2).equals("fitted")) {
                    fitted.merge(m.group(1), 1, Integer::sum);
                }
            }
        }
        assertFalse(seen.isEmpty(), String.join("\n", htsOutputs));
        for (String fold : seen) {
            assertEquals(1, fitted.getOrDefault(fold, 0), "fold " + fold + " fitted once over the processes: " + fitted);
        }
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


    /** Every vector of a SQLite vector cache, by encoder and text hash, as width and bytes. */
    private static Map<String, String> vectors(Path file) throws java.sql.SQLException {
        Map<String, String> vectors = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT encoder, sha256, dim, vector FROM vectors")) {
            while (r.next()) {
                vectors.put(r.getString(1) + "/" + r.getString(2), r.getInt(3) + ":" + HexFormat.of().formatHex(r.getBytes(4)));
            }
        }
        return vectors;
    }

    /** One process, every user: the calls it made (its trees are under {@code cache}). */
    private long singleProcess(Path cache) throws IOException {
        Path singleSpec = spec("single", cache);
        assertEquals(0, cli("interests", singleSpec.toString()), stderr());
        long calls = llmCalls(stdout());
        assertEquals(0, cli("hts", singleSpec.toString()), stderr());
        assertTrue(stdout().contains("searched 16 user(s)"), stdout());
        return calls + llmCalls(stdout());
    }

    @Test
    void twoProcessesShardedByUserMakeEveryCallOnceAndTheSameTrees() throws Exception {
        Path single = dir.resolve("cache-single");
        long singleCalls = singleProcess(single);

        Path shared = dir.resolve("cache-shared");
        String spec = spec("sharded", shared).toString();
        List<String> interests = together(List.of(List.of("interests", spec, "--shard", "1/2"),
                List.of("interests", spec, "--shard", "2/2")));
        assertTrue(interests.get(0).contains("interests: 8 users (shard 1/2)"), interests.get(0));
        List<String> hts = together(List.of(List.of("hts", spec, "--shard", "1/2"), List.of("hts", spec, "--shard", "2/2")));
        assertTrue(hts.get(0).contains("searched 8 user(s)") && hts.get(1).contains("searched 8 user(s)"), hts.toString());
        eachFoldFittedOnce(hts);

        long shardedCalls = 0;
        for (String output : Stream.concat(interests.stream(), hts.stream()).toList()) {
            shardedCalls += llmCalls(output);
        }
        long cached;
        try (LlmCallCache cache = new LlmCallCache(shared.resolve("llm.sqlite"))) {
            cached = cache.size();
        }
        assertEquals(cached, shardedCalls, "every call reached the backend once, over all four processes");
        assertEquals(singleCalls, shardedCalls, "as many calls as one process makes");
        Map<String, String> singleTrees = treeFiles(single);
        assertEquals(16, singleTrees.size(), singleTrees.keySet().toString());
        assertEquals(singleTrees, treeFiles(shared), "the same trees, byte for byte");
    }

    /**
     * Two "machines" (a cache folder each, so nothing shared but the database) on one PostgreSQL
     * store ({@code paths.store}; CI starts the server): every call once over both, nothing kept on
     * a machine, and in the store the one-process trees and vectors.
     */
    @Test
    void twoMachinesOnOnePostgresStoreMakeEveryCallOnceAndTheSameTreesAndVectors() throws Exception {
        String store = org.hitlbm.data.io.TestPostgres.freshDatabase();
        Path single = dir.resolve("cache-single");
        long singleCalls = singleProcess(single);

        Path first = dir.resolve("machine-1");
        Path second = dir.resolve("machine-2");
        String firstSpec = spec("machine-1", first, store).toString();
        String secondSpec = spec("machine-2", second, store).toString();
        List<String> outputs = new ArrayList<>(together(List.of(List.of("interests", firstSpec, "--shard", "1/2"),
                List.of("interests", secondSpec, "--shard", "2/2"))));
        List<String> hts = together(List.of(List.of("hts", firstSpec, "--shard", "1/2"), List.of("hts", secondSpec, "--shard", "2/2")));
        eachFoldFittedOnce(hts);
        outputs.addAll(hts);
        long calls = outputs.stream().mapToLong(CliHarness::llmCalls).sum();
        long stored;
        try (LlmCallCache cache = LlmCallCache.onServer(store, null)) {
            stored = cache.size();
        }
        assertEquals(stored, calls, "every call reached the backend once, over both machines");
        assertEquals(singleCalls, calls, "as many as one process makes");
        for (Path machine : List.of(first, second)) {
            for (String local : List.of("trees", "vectors.sqlite", "llm.sqlite")) {
                assertFalse(Files.exists(machine.resolve(local)), machine.resolve(local) + ": the store holds it, not the machine");
            }
        }
        Map<String, String> serverTrees = new TreeMap<>();
        Map<String, String> serverVectors = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(store); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT store, user_id, tree FROM trees")) {
                while (r.next()) {
                    serverTrees.put(r.getString(1) + "/user-" + r.getInt(2) + ".json", r.getString(3));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT encoder, sha256, dim, vector FROM vectors")) {
                while (r.next()) {
                    serverVectors.put(r.getString(1) + "/" + r.getString(2), r.getInt(3) + ":" + HexFormat.of().formatHex(r.getBytes(4)));
                }
            }
        }
        Map<String, String> singleTrees = treeFiles(single);
        assertEquals(16, singleTrees.size(), singleTrees.keySet().toString());
        assertEquals(singleTrees, serverTrees, "between them the machines stored the one-process trees, byte for byte");
        Map<String, String> singleVectors = vectors(single.resolve("vectors.sqlite"));
        assertFalse(singleVectors.isEmpty());
        assertEquals(singleVectors, serverVectors, "and its vectors, bit for bit");
    }
}
