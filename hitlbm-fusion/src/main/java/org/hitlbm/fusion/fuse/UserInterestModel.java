package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.nn.side.SideLayer;

/**
 * A trained fusion for serving: {@code UserInterestModel.load(dir).embed(user, item)} gives e_user
 * and e_item as the backbone read them in training, from a folder {@link #save} wrote after the
 * fit:
 * <ul>
 *   <li>{@code fusion.onnx}: the fusion with its weights as a self-contained ONNX model (opset 17;
 *       inputs {@code chunks} (B, T, d), {@code mask} (B, T), {@code scores} (B, T), {@code item}
 *       (B, d); outputs {@code e_user}, {@code e_item}), runnable by any ONNX runtime;</li>
 *   <li>{@code vectors.bin}: every user's chunk vectors with S_final and every item's vector (the
 *       same values {@code export} writes as Parquet);</li>
 *   <li>{@code reference.tsv}: e_user and e_item of a few users as the trained weights give them,
 *       so a runtime can check it computes the same;</li>
 *   <li>{@code fusion.txt} and {@code fusion.params}: the fusion's name, params and DJL weights,
 *       for {@link #loadWithDjl}.</li>
 * </ul>
 * {@link #load} runs the ONNX model on onnxruntime (no PyTorch) and refuses a model that is more
 * than {@value #REFERENCE_TOLERANCE} off the reference rows. Users and items are the dense ids of
 * the run ({@code user_id}, {@code item_id} in {@code export}).
 */
public final class UserInterestModel implements AutoCloseable {
    private static final String FORMAT = "hitlbm-fusion 1";
    /** Largest difference from reference.tsv {@link #load} accepts (float32 runtimes agree to about 1e-6). */
    public static final float REFERENCE_TOLERANCE = 1e-4f;
    private static final int REFERENCE_ROWS = 8;

    /** e_user and e_item, {@code outDim} each. */
    public record Embedding(float[] user, float[] item) {
    }

    /** The fusion's forward pass over packed rows. */
    private interface Forward extends AutoCloseable {
        Embedding[] run(ChunkVectors.Packed rows) throws IOException;

        @Override
        void close();
    }

    private final Forward forward;
    private final ChunkVectors vectors;

    private UserInterestModel(Forward forward, ChunkVectors vectors) {
        this.forward = forward;
        this.vectors = vectors;
    }

    /**
     * Writes the fusion of {@code side} with the weights of {@code trained} (the layer the backbone
     * trained, as {@code NeuralCtrModel.sideLayer()} returns it) to {@code dir}.
     */
    public static void save(Path dir, FusionSideInput side, SideLayer trained) throws IOException {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>();
        lines.add(FORMAT);
        lines.add("fusion\t" + side.fusion());
        side.params().forEach((name, value) -> lines.add("param\t" + name + "\t" + kind(value) + "\t" + value));
        Files.write(dir.resolve("fusion.txt"), lines, StandardCharsets.UTF_8);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve("fusion.params"))))) {
            trained.saveParameters(out);
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve("vectors.bin"))))) {
            side.vectors().write(out);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("hitlbm.fusion", side.fusion());
        metadata.put("hitlbm.fusion.params", side.params().toString());
        Files.write(dir.resolve("fusion.onnx"), ((FusionLayer) trained).toOnnx(metadata));
        try (UserInterestModel trainedWeights = loadWithDjl(dir)) {
            Files.write(dir.resolve("reference.tsv"), trainedWeights.referenceRows(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The fusion in {@code dir} on onnxruntime (one thread per call; calls may run in parallel),
     * checked against {@code reference.tsv}.
     */
    public static UserInterestModel load(Path dir) throws IOException {
        return load(dir, 1);
    }

    /** {@link #load(Path)} with {@code threads} threads inside each call (large batches gain from more). */
    public static UserInterestModel load(Path dir, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        readHeader(dir); // a folder of something else fails on its first line
        ChunkVectors vectors = readVectors(dir);
        Path onnx = dir.resolve("fusion.onnx");
        OnnxForward forward;
        try {
            forward = new OnnxForward(Files.readAllBytes(onnx), threads);
        } catch (OrtException e) {
            throw new IOException(onnx + ": onnxruntime cannot load it: " + e.getMessage(), e);
        }
        UserInterestModel model = new UserInterestModel(forward, vectors);
        try {
            model.checkReference(dir.resolve("reference.tsv"));
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /**
     * The fusion in {@code dir} rebuilt as this build's layer with the DJL weights (evaluation
     * mode: no dropout): the training code's own forward pass, for checking the ONNX model.
     */
    public static UserInterestModel loadWithDjl(Path dir) throws IOException {
        Header header = readHeader(dir);
        ChunkVectors vectors = readVectors(dir);
        FusionSideInput side = Fusions.create(header.fusion(), header.params(), vectors);
        FusionLayer layer = (FusionLayer) side.newLayer();
        NDManager manager = NDManager.newBaseManager("PyTorch");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve("fusion.params"))))) {
            layer.initialize(manager, DataType.FLOAT32);
            layer.loadParameters(manager, in);
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
            manager.close(); // weights of another fusion or shape: one line naming the file
            throw e instanceof IOException io ? io : new IOException(dir.resolve("fusion.params") + ": " + e.getMessage(), e);
        }
        layer.bind(new ParameterStore(manager, false), false);
        return new UserInterestModel(new DjlForward(manager, layer, side.width() / 2), vectors);
    }

    /** How many chunks the user has (0 for an id it does not hold). */
    public int chunkCount(int user) {
        return vectors.chunkCount(user);
    }

    /** The chunk and item vectors the model embeds from (vectors.bin); read only. */
    public ChunkVectors vectors() {
        return vectors;
    }

    /** e_user from all of the user's chunks, and e_item. */
    public Embedding embed(int user, int item) {
        return embed(user, item, vectors.chunkCount(user));
    }

    /** e_user from the user's first {@code visibleChunks} chunks (what a sample at that time saw), and e_item. */
    public Embedding embed(int user, int item, int visibleChunks) {
        return embedAll(new int[] {user}, new int[] {item}, new int[] {visibleChunks})[0];
    }

    /**
     * {@link #embed(int, int, int)} of many (user, item, visibleChunks) rows in one forward pass,
     * padded to the longest as in training; row i of the result is row i of the arguments.
     */
    public Embedding[] embedAll(int[] users, int[] items, int[] visibleChunks) {
        if (users.length != items.length || users.length != visibleChunks.length) {
            throw new IllegalArgumentException(users.length + " users, " + items.length + " items, " + visibleChunks.length + " chunk counts");
        }
        int b = users.length;
        for (int i = 0; i < b; i++) {
            if (visibleChunks[i] < 0 || visibleChunks[i] > vectors.chunkCount(users[i])) {
                throw new IllegalArgumentException("user " + users[i] + " has " + vectors.chunkCount(users[i]) + " chunks, not "
                        + visibleChunks[i]);
            }
        }
        try {
            return forward.run(vectors.pack(users, items, visibleChunks)); // the packing training used
        } catch (IOException e) {
            throw new IllegalStateException("the fusion failed on " + b + " row(s), users " + Arrays.toString(Arrays.copyOf(users, Math.min(b, 5)))
                    + (b > 5 ? "..." : "") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        forward.close();
    }

    /** A few users (and one with no chunk visible) spread over the ids, with an item each. */
    private List<String> referenceRows() {
        List<int[]> picks = new ArrayList<>();
        int[] users = java.util.stream.IntStream.range(0, vectors.users()).filter(u -> vectors.chunkCount(u) > 0).toArray();
        int[] items = java.util.stream.IntStream.range(0, vectors.items()).filter(vectors::hasItem).toArray();
        int n = Math.min(REFERENCE_ROWS, users.length);
        for (int i = 0; i < n && items.length > 0; i++) {
            int user = users[(int) ((long) i * users.length / n)];
            int count = vectors.chunkCount(user);
            int visible = i == n - 1 ? 0 : i % 2 == 0 ? count : Math.max(1, count / 2);
            picks.add(new int[] {user, items[(int) ((long) i * items.length / n)], visible});
        }
        List<String> lines = new ArrayList<>();
        lines.add("# user_id\titem_id\tvisible_chunks\te_user (outDim values)\te_item (outDim values)");
        for (int[] p : picks) {
            Embedding e = embed(p[0], p[1], p[2]);
            StringBuilder line = new StringBuilder(p[0] + "\t" + p[1] + "\t" + p[2]);
            for (float v : e.user()) {
                line.append('\t').append(v);
            }
            for (float v : e.item()) {
                line.append('\t').append(v);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private void checkReference(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            if (lines.get(n).startsWith("#")) {
                continue;
            }
            String[] f = lines.get(n).split("\t");
            Embedding e = embed(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]));
            int out = e.user().length;
            if (f.length != 3 + 2 * out) {
                throw new IOException(file + ":" + (n + 1) + ": " + (f.length - 3) + " values, the model gives " + 2 * out);
            }
            for (int c = 0; c < 2 * out; c++) {
                float expected = Float.parseFloat(f[3 + c]);
                float got = c < out ? e.user()[c] : e.item()[c - out];
                if (!(Math.abs(got - expected) <= REFERENCE_TOLERANCE)) {
                    throw new IOException(file + ":" + (n + 1) + ": fusion.onnx gives " + got + " where the trained fusion gave "
                            + expected + " (" + (c < out ? "e_user" : "e_item") + "[" + (c % out) + "])");
                }
            }
        }
    }

    private record Header(String fusion, Map<String, Object> params) {
    }

    private static Header readHeader(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("fusion.txt"), StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(FORMAT)) {
            throw new IOException(dir.resolve("fusion.txt") + ": not a fusion this build reads (first line '"
                    + (lines.isEmpty() ? "" : lines.get(0)) + "', expected '" + FORMAT + "')");
        }
        String fusion = null;
        Map<String, Object> params = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", 4);
            if (f[0].equals("fusion") && f.length == 2) {
                fusion = f[1];
            } else if (f[0].equals("param") && f.length == 4) {
                params.put(f[1], value(f[2], f[3]));
            } else {
                throw new IOException(dir.resolve("fusion.txt") + ": unreadable line '" + line + "'");
            }
        }
        return new Header(fusion, params);
    }

    private static ChunkVectors readVectors(Path dir) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve("vectors.bin"))))) {
            return ChunkVectors.read(in);
        }
    }

    private static String kind(Object value) {
        return value instanceof Integer || value instanceof Long ? "int" : value instanceof Number ? "double"
                : value instanceof Boolean ? "bool" : "text";
    }

    private static Object value(String kind, String text) {
        return switch (kind) {
            case "int" -> Integer.parseInt(text);
            case "double" -> Double.parseDouble(text);
            case "bool" -> Boolean.parseBoolean(text);
            default -> text;
        };
    }

    /** The layer the backbone trained, on DJL's PyTorch engine. */
    private static final class DjlForward implements Forward {
        private final NDManager manager;
        private final FusionLayer layer;
        private final int outDim;

        DjlForward(NDManager manager, FusionLayer layer, int outDim) {
            this.manager = manager;
            this.layer = layer;
            this.outDim = outDim;
        }

        @Override
        public synchronized Embedding[] run(ChunkVectors.Packed packed) {
            try (NDManager batch = manager.newSubManager()) {
                NDArray out = layer.apply(ChunkBatch.of(batch, packed).toList());
                float[] both = out.toFloatArray();
                Embedding[] rows = new Embedding[packed.rows()];
                for (int i = 0; i < rows.length; i++) {
                    int from = i * 2 * outDim;
                    rows[i] = new Embedding(Arrays.copyOfRange(both, from, from + outDim), Arrays.copyOfRange(both, from + outDim, from + 2 * outDim));
                }
                return rows;
            }
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /** fusion.onnx on onnxruntime. */
    private static final class OnnxForward implements Forward {
        private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
        private final OrtSession session;

        OnnxForward(byte[] model, int threads) throws OrtException {
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
                session = environment.createSession(model, options);
            }
        }

        @Override
        public Embedding[] run(ChunkVectors.Packed p) throws IOException {
            int b = p.rows();
            try (OnnxTensor c = tensor(p.chunks(), b, p.t(), p.dim()); OnnxTensor m = tensor(p.mask(), b, p.t());
                 OnnxTensor s = tensor(p.scores(), b, p.t()); OnnxTensor i = tensor(p.items(), b, p.dim());
                 OrtSession.Result result = session.run(Map.of("chunks", c, "mask", m, "scores", s, "item", i))) {
                float[][] users = rows(result, "e_user");
                float[][] itemRows = rows(result, "e_item");
                Embedding[] out = new Embedding[b];
                for (int r = 0; r < b; r++) {
                    out[r] = new Embedding(users[r], itemRows[r]);
                }
                return out;
            } catch (OrtException e) {
                throw new IOException("onnxruntime: " + e.getMessage(), e);
            }
        }

        private OnnxTensor tensor(float[] values, long... shape) throws OrtException {
            return OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), shape);
        }

        private static float[][] rows(OrtSession.Result result, String name) throws OrtException {
            OnnxValue value = result.get(name).orElseThrow(() -> new IllegalStateException("fusion.onnx has no output " + name));
            return (float[][]) value.getValue();
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
