package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.nn.side.SideLayer;

/**
 * A trained fusion for serving: {@code UserInterestModel.load(dir).embed(user, item)} gives e_user
 * and e_item as the backbone read them in training, from a folder {@link #save} wrote after the
 * fit: {@code fusion.txt} (the fusion and its params), {@code fusion.params} (its weights, DJL's
 * parameter format) and {@code vectors.bin} (every user's chunk vectors with S_final, every item's
 * vector). It needs this module and DJL's PyTorch engine, not the data, the LLM or the backbone.
 * Users and items are the dense ids of the run ({@code user_id}, {@code item_id} in {@code export}).
 */
public final class UserInterestModel implements AutoCloseable {
    private static final String FORMAT = "hitlbm-fusion 1";

    /** e_user and e_item, {@code outDim} each. */
    public record Embedding(float[] user, float[] item) {
    }

    private final NDManager manager;
    private final FusionLayer layer;
    private final ChunkVectors vectors;
    private final int outDim;

    private UserInterestModel(NDManager manager, FusionLayer layer, ChunkVectors vectors, int outDim) {
        this.manager = manager;
        this.layer = layer;
        this.vectors = vectors;
        this.outDim = outDim;
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
    }

    /** The fusion {@link #save} wrote to {@code dir}, ready to embed (evaluation mode: no dropout). */
    public static UserInterestModel load(Path dir) throws IOException {
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
        ChunkVectors vectors;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve("vectors.bin"))))) {
            vectors = ChunkVectors.read(in);
        }
        FusionSideInput side = Fusions.create(fusion, params, vectors);
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
        return new UserInterestModel(manager, layer, vectors, side.width() / 2);
    }

    /** e_user from all of the user's chunks, and e_item. */
    public Embedding embed(int user, int item) {
        return embed(user, item, vectors.chunkCount(user));
    }

    /** e_user from the user's first {@code visibleChunks} chunks (what a sample at that time saw), and e_item. */
    public synchronized Embedding embed(int user, int item, int visibleChunks) {
        if (visibleChunks < 0 || visibleChunks > vectors.chunkCount(user)) {
            throw new IllegalArgumentException("user " + user + " has " + vectors.chunkCount(user) + " chunks, not " + visibleChunks);
        }
        int d = vectors.dim();
        int t = Math.max(1, visibleChunks); // no chunk yet: one masked position, as in training
        float[] chunks = new float[t * d];
        float[] mask = new float[t];
        float[] scores = new float[t];
        for (int j = 0; j < visibleChunks; j++) {
            System.arraycopy(vectors.chunk(user, j), 0, chunks, j * d, d);
            mask[j] = 1f;
            scores[j] = vectors.score(user, j);
        }
        try (NDManager batch = manager.newSubManager()) {
            ChunkBatch in = new ChunkBatch(batch.create(chunks, new Shape(1, t, d)), batch.create(mask, new Shape(1, t)),
                    batch.create(scores, new Shape(1, t)), batch.create(vectors.item(item), new Shape(1, d)));
            NDArray out = layer.apply(in.toList());
            float[] both = out.toFloatArray();
            return new Embedding(java.util.Arrays.copyOfRange(both, 0, outDim), java.util.Arrays.copyOfRange(both, outDim, 2 * outDim));
        }
    }

    @Override
    public void close() {
        manager.close();
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
}
