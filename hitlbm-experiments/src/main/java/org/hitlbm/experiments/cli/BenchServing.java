package org.hitlbm.experiments.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.hitlbm.data.io.StorageException;
import org.hitlbm.fusion.fuse.ChunkVectors;
import org.hitlbm.fusion.fuse.UserInterestModel;
import org.hitlbm.nn.train.ComputeThreads;

/**
 * {@code bench serving --fusion DIR [--batch B]}: a saved fusion's embed latency (one row per call,
 * median and 99th percentile) and throughput (rows/s in batches of B), on onnxruntime
 * ({@code fusion.onnx}) and on DJL ({@code fusion.params}), each user with all of their chunks
 * against a cycling item, with the same number of threads inside each call on both engines.
 */
final class BenchServing {
    private static final int WARM_UP = 500;
    private static final int SINGLE_CALLS = 3_000;
    private static final int BATCH_CALLS = 30;

    private record Row(String engine, double medianMs, double p99Ms, double rowsPerSecond) {
    }

    private final PrintStream out;
    private final PrintStream err;

    BenchServing(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** @return 0, 2 for a bad option, 6 for a fusion folder that cannot be loaded (the storage exit code) */
    int run(String fusion, int batch, int threads, Path table) {
        if (fusion == null || !Files.isRegularFile(Path.of(fusion).resolve("fusion.onnx"))) {
            err.println("error: bench serving needs --fusion DIR, a folder with fusion.onnx (a run's checkpoint/fusion with"
                    + " train.checkpoint: true, or an export's fusion/)" + (fusion == null ? "" : "; " + fusion + " has none"));
            return 2;
        }
        if (batch < 1 || threads < 1) {
            err.println("error: bench serving needs --batch >= 1 and --threads >= 1");
            return 2;
        }
        Path dir = Path.of(fusion);
        List<Row> rows = new ArrayList<>();
        int[] users;
        int[] items;
        int meanChunks;
        try (UserInterestModel onnx = UserInterestModel.load(dir, threads)) {
            ChunkVectors v = onnx.vectors();
            users = IntStream.range(0, v.users()).filter(u -> v.chunkCount(u) > 0).toArray();
            items = IntStream.range(0, v.items()).filter(v::hasItem).toArray();
            if (users.length == 0 || items.length == 0) {
                err.println("error: " + dir.resolve("vectors.bin") + " holds no user with chunks or no item; nothing to embed");
                return 2;
            }
            meanChunks = (int) Math.round(Arrays.stream(users).map(v::chunkCount).average().orElse(0));
            rows.add(measure("onnxruntime", onnx, users, items, batch));
            try (UserInterestModel djl = UserInterestModel.loadWithDjl(dir)) {
                new ComputeThreads(threads).beforeEpoch(); // PyTorch's intra-op pool of this thread
                rows.add(measure("DJL (PyTorch)", djl, users, items, batch));
            }
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 6;
        }
        StringBuilder md = new StringBuilder("# bench serving\n\n").append(dir).append(": ").append(users.length)
                .append(" users with chunks (").append(meanChunks).append(" on average), ").append(items.length).append(" items; ")
                .append(SINGLE_CALLS).append(" single embeds and ").append(BATCH_CALLS).append(" batches of ").append(batch)
                .append(" after ").append(WARM_UP).append(" warm-up calls, each user with all of their chunks, ").append(threads)
                .append(threads == 1 ? " thread per call, " : " threads per call, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(Instant.now())
                .append(".\n\n| engine | embed median ms | embed p99 ms | rows/s in batches of ").append(batch).append(" |\n|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format("| %s | %.3f | %.3f | %,.0f |%n", r.engine(), r.medianMs(), r.p99Ms(), r.rowsPerSecond()));
        }
        out.print(md);
        try {
            Files.createDirectories(table.toAbsolutePath().getParent());
            Files.writeString(table, md.toString());
        } catch (IOException e) {
            throw StorageException.writing(table, e);
        }
        out.println("table written to " + table);
        return 0;
    }

    private static Row measure(String engine, UserInterestModel model, int[] users, int[] items, int batch) {
        for (int i = 0; i < WARM_UP; i++) {
            model.embed(users[i % users.length], items[i % items.length]);
        }
        double[] ms = new double[SINGLE_CALLS];
        for (int i = 0; i < SINGLE_CALLS; i++) {
            long t0 = System.nanoTime();
            model.embed(users[i % users.length], items[(i * 7) % items.length]);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        int[] batchUsers = new int[batch];
        int[] batchItems = new int[batch];
        int[] visible = new int[batch];
        for (int i = 0; i < batch; i++) {
            batchUsers[i] = users[i % users.length];
            batchItems[i] = items[(i * 7) % items.length];
            visible[i] = model.chunkCount(batchUsers[i]);
        }
        model.embedAll(batchUsers, batchItems, visible);
        long t0 = System.nanoTime();
        for (int i = 0; i < BATCH_CALLS; i++) {
            model.embedAll(batchUsers, batchItems, visible);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Row(engine, ms[ms.length / 2], ms[(int) Math.ceil(0.99 * ms.length) - 1], BATCH_CALLS * (double) batch / seconds);
    }
}
