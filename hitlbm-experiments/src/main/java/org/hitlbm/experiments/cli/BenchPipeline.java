package org.hitlbm.experiments.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.io.StorageException;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.pipeline.SearchedTrees;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.experiments.spec.SpecLoader;

/**
 * {@code bench pipeline --users 1000,5000,20000}: the framework's own cost per stage as the data
 * grows, on the synthetic world sized like a paper dataset (behaviours per user, items, genres), with
 * the offline stand-in, each size on an empty cache so every stage computes. Per stage: wall time
 * and the Java heap its run holds afterwards (live after a GC, less what was live before), and the
 * exponent k of time ~ users^k fitted over the sizes (least squares in log-log). Per size: the
 * process's peak resident memory (Java and native: PyTorch, ONNX), which only grows within one
 * JVM, so it bounds the size from above; run the largest size alone for its own peak.
 */
final class BenchPipeline {
    /** A paper dataset's shape: items, behaviours per user (after the 5-core-like filter), genres. */
    record Profile(String name, int items, int minBehaviors, int maxBehaviors, int genres) {
        static final Map<String, Profile> ALL = Map.of(
                // ML-1M after the paper's filter: 4,297 users, 50-390 ratings (mean 220), 3,706 items, 18 genres
                "ml-1m", new Profile("ml-1m", 3706, 50, 390, 18),
                // Amazon-Book: 18,750 users, up to 55 chunks of 50 behaviours
                "amazon-book", new Profile("amazon-book", 20000, 20, 2750, 20));
    }

    static final List<String> STAGES = List.of("prepare", "interests", "rating data + models", "search", "vectors",
            "train DIN, 1 epoch", "train TIF+DIN, 1 epoch");

    /** One size's measurements: seconds and peak heap MB per stage; the process's peak RSS so far (NaN off Linux). */
    record Size(int users, long behaviours, long chunks, Map<String, double[]> stages, double processPeakMegabytes) {
    }

    private final PrintStream out;

    BenchPipeline(PrintStream out) {
        this.out = out;
    }

    /** Each size in a throwaway folder (data, caches, results), deleted afterwards. */
    int run(List<Integer> users, String profileName, List<String> overrides, Path table) {
        Profile profile = Profile.ALL.get(profileName);
        if (profile == null) {
            throw new SpecException("--profile: '" + profileName + "' is not one of " + Profile.ALL.keySet());
        }
        List<Size> sizes = new ArrayList<>();
        for (int n : users) {
            Path work;
            try {
                work = Files.createTempDirectory("hitlbm-bench-pipeline-" + n + "-");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot create a work folder for bench pipeline", e);
            }
            Size size;
            try {
                size = measure(config(profile, n, overrides, work));
            } finally {
                deleteTree(work);
            }
            sizes.add(size);
            out.printf("bench pipeline: %,d users (%,d behaviours, %,d chunks):%s%n", n, size.behaviours(), size.chunks(),
                    describe(size));
        }
        String markdown = table(profile, sizes, overrides);
        try {
            Files.createDirectories(table.toAbsolutePath().getParent());
            Files.writeString(table, markdown);
        } catch (IOException e) {
            throw StorageException.writing(table, e);
        }
        out.print(markdown);
        out.println("table written to " + table);
        return 0;
    }

    private static ResolvedConfig config(Profile p, int users, List<String> overrides, Path dir) {
        try {
            Files.createDirectories(dir);
            Path spec = dir.resolve("bench.yaml");
            Files.writeString(spec, """
                    dataset:
                      name: synthetic
                      minUserInteractions: 20
                      synthetic: {users: %d, items: %d, minBehaviors: %d, maxBehaviors: %d, genres: %d}
                    chunking: {size: 50}
                    encoder: {name: bge-small-en-v1.5-q}
                    fusion: {name: tif}
                    backbone: {name: din}
                    train: {epochs: 1, patience: 99}
                    tracking: {enabled: false}
                    paths: {results: %s, cache: %s}
                    """.formatted(users, p.items(), p.minBehaviors(), p.maxBehaviors(), p.genres(), dir.resolve("results"),
                    dir.resolve("cache")));
            return new SpecLoader().load(spec, overrides).runs().get(0).config();
        } catch (IOException e) {
            throw StorageException.writing(dir, e);
        }
    }

    private static Size measure(ResolvedConfig config) {
        Map<String, double[]> stages = new LinkedHashMap<>();
        PreparedData data;
        try (Pipeline.Run run = new Pipeline().open(config, Reporter.SILENT)) {
            data = timed(stages, "prepare", () -> run.output(Pipeline.PREPARE));
            timed(stages, "interests", () -> run.output(Pipeline.INTERESTS));
            SearchedTrees trees = timed(stages, "tree", () -> run.output(Pipeline.TREE));
            double[] tree = stages.remove("tree");
            double search = trees.searchSeconds() - trees.modelSeconds();
            stages.put("rating data + models", new double[] {tree[0] - search, tree[1]});
            stages.put("search", new double[] {search, tree[1]});
            timed(stages, "vectors", () -> run.output(Pipeline.VECTORS));
            timed(stages, "train TIF+DIN, 1 epoch", () -> run.output(Pipeline.TRAIN));
        }
        try (Pipeline.Run run = new Pipeline().open(config.with("fusion.name", "none"), Reporter.SILENT)) {
            run.output(Pipeline.PREPARE);
            timed(stages, "train DIN, 1 epoch", () -> run.output(Pipeline.TRAIN));
        }
        Map<String, double[]> ordered = new LinkedHashMap<>();
        STAGES.forEach(s -> ordered.put(s, stages.get(s)));
        long behaviours = data.dataset().histories().stream().mapToLong(h -> h.items().length).sum();
        long chunks = data.chunks().stream().mapToLong(c -> c.count()).sum();
        return new Size(data.dataset().numUsers(), behaviours, chunks, ordered, PeakMemory.processPeakMegabytes());
    }

    /**
     * Runs one stage: {seconds, heap MB its run holds afterwards}. The held heap (live objects after a
     * GC, less those before the stage) is what a stage keeps; a peak of the heap's pools measured the
     * collector's sizing more than the stage (it fell as users grew).
     */
    private static <T> T timed(Map<String, double[]> into, String stage, Supplier<T> work) {
        long before = PeakMemory.liveHeapBytes();
        long start = System.nanoTime();
        T result = work.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        into.put(stage, new double[] {seconds, (PeakMemory.liveHeapBytes() - before) / 1e6});
        return result;
    }

    private static String describe(Size size) {
        StringBuilder b = new StringBuilder();
        size.stages().forEach((stage, v) -> b.append(String.format(Locale.ROOT, "  %s %.1fs", stage, v[0])));
        return b.toString();
    }

    /** k of seconds ~ users^k, least squares over log-log; NaN under two sizes or with a zero time. */
    static double growthExponent(double[] users, double[] seconds) {
        int n = users.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            if (!(seconds[i] > 0)) {
                return Double.NaN;
            }
            mx += Math.log(users[i]) / n;
            my += Math.log(seconds[i]) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(users[i]) - mx;
            sxy += dx * (Math.log(seconds[i]) - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    static String table(Profile profile, List<Size> sizes, List<String> overrides) {
        StringBuilder b = new StringBuilder();
        b.append("# bench pipeline: cost per stage as users grow (synthetic world shaped like ").append(profile.name())
                .append(", offline stand-in, empty cache per size)\n\n");
        b.append(String.format(Locale.ROOT, "%d-%d behaviours per user, %,d items, %d genres, chunks of 50; overrides: %s; %d cores%n%n",
                profile.minBehaviors(), profile.maxBehaviors(), profile.items(), profile.genres(),
                overrides.isEmpty() ? "none" : String.join(" ", overrides), Runtime.getRuntime().availableProcessors()));
        b.append("| stage |");
        sizes.forEach(s -> b.append(String.format(Locale.ROOT, " %,d users s | heap held MB |", s.users())));
        b.append(" growth exponent k (s ~ users^k) |\n|---|");
        sizes.forEach(s -> b.append("--:|--:|"));
        b.append("--:|\n");
        double[] users = sizes.stream().mapToDouble(Size::users).toArray();
        for (String stage : STAGES) {
            b.append("| ").append(stage).append(" |");
            double[] seconds = new double[sizes.size()];
            for (int i = 0; i < sizes.size(); i++) {
                double[] v = sizes.get(i).stages().get(stage);
                seconds[i] = v[0];
                b.append(String.format(Locale.ROOT, " %.2f | %.0f |", v[0], v[1]));
            }
            b.append(String.format(Locale.ROOT, " %.2f |%n", growthExponent(users, seconds)));
        }
        b.append("\nheap held MB: live Java heap after the stage less before it (after full GCs); the run keeps each stage's output,"
                + " so this is what a stage holds. \"rating data + models\" and \"search\" are one stage (tree) split by its own"
                + " clock: they share one figure. Process peak RSS (Java and native) only grows"
                + " within one JVM: each size's figure bounds that size from above (the sizes run in this order).\n");
        b.append("\n| users | behaviours | chunks | process peak RSS MB |\n|--:|--:|--:|--:|\n");
        sizes.forEach(s -> b.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %.0f |%n", s.users(), s.behaviours(), s.chunks(),
                s.processPeakMegabytes())));
        return b.toString();
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // a leftover temp folder is not worth failing a finished benchmark for
        }
    }

    /** The live Java heap and the process's peak resident set. */
    static final class PeakMemory {
        private PeakMemory() {
        }

        /** Live heap after a full collection. */
        static long liveHeapBytes() {
            System.gc();
            return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        static double processPeakMegabytes() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            return Double.NaN;
        }
    }
}
