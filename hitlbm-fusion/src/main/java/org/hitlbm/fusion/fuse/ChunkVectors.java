package org.hitlbm.fusion.fuse;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.hitlbm.data.sample.CtrSamples;

/**
 * What a fusion reads, already encoded (SPEC Eq. 10): per user (dense id as in
 * {@link CtrSamples#user}) the vectors e_1..e_T of the chosen chunk interests with their scores
 * S_final, and per item (id as in {@link CtrSamples#item}) the item knowledge vector e_item. A CTR
 * sample sees only the first {@link CtrSamples#visibleChunks} of its user's chunks.
 */
public final class ChunkVectors {
    private static final float[][] NO_CHUNKS = new float[0][];

    private final int dim;
    private final float[][][] userChunks;
    private final float[][] userScores;
    private final float[][] items;
    private final int maxChunks;

    private ChunkVectors(int dim, float[][][] userChunks, float[][] userScores, float[][] items) {
        this.dim = dim;
        this.userChunks = userChunks;
        this.userScores = userScores;
        this.items = items;
        this.maxChunks = Arrays.stream(userChunks).mapToInt(c -> c == null ? 0 : c.length).max().orElse(0);
    }

    public static Builder builder(int dim) {
        return new Builder(dim);
    }

    /** Vector width d, the same for chunks and items. */
    public int dim() {
        return dim;
    }

    /** The most chunks any user has: the longest sequence a fusion can be given. */
    public int maxChunks() {
        return maxChunks;
    }

    /** One past the highest user id held. */
    public int users() {
        return userChunks.length;
    }

    /** One past the highest item id held. */
    public int items() {
        return items.length;
    }

    /** T_u, 0 for a user with no vectors. */
    public int chunkCount(int user) {
        return chunksOf(user).length;
    }

    /** e_j of user u (0-based j); do not modify. */
    public float[] chunk(int user, int j) {
        return chunksOf(user)[j];
    }

    /** S_final of user u's chunk j. */
    public float score(int user, int j) {
        return userScores[user][j];
    }

    /** e_item; do not modify. */
    public float[] item(int item) {
        if (!hasItem(item)) {
            throw new IllegalArgumentException("no vector for item " + item);
        }
        return items[item];
    }

    public boolean hasItem(int item) {
        return item > 0 && item < items.length && items[item] != null;
    }

    /**
     * Rows packed as a fusion reads them ({@link ChunkBatch}), flat and row-major: training
     * ({@link FusionSideInput#pack}) and serving ({@link UserInterestModel}) both pack here.
     *
     * @param t the longest row's visible chunks, at least 1 (a batch where no row sees a chunk
     *          still has one masked position)
     */
    public record Packed(int rows, int t, int dim, float[] chunks, float[] mask, float[] scores, float[] items) {
    }

    /** Row i: user {@code users[i]}'s first {@code visibleChunks[i]} chunks, right-padded, and item {@code items[i]}. */
    public Packed pack(int[] users, int[] itemIds, int[] visibleChunks) {
        int b = users.length;
        int t = 1;
        for (int v : visibleChunks) {
            t = Math.max(t, v);
        }
        float[] chunks = new float[b * t * dim];
        float[] mask = new float[b * t];
        float[] scores = new float[b * t];
        float[] itemVectors = new float[b * dim];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < visibleChunks[i]; j++) {
                System.arraycopy(chunk(users[i], j), 0, chunks, (i * t + j) * dim, dim);
                mask[i * t + j] = 1f;
                scores[i * t + j] = score(users[i], j);
            }
            System.arraycopy(item(itemIds[i]), 0, itemVectors, i * dim, dim);
        }
        return new Packed(b, t, dim, chunks, mask, scores, itemVectors);
    }

    /** Every sample row's target item has a vector and its user has at least the chunks the row sees. */
    public void checkCovers(CtrSamples samples) {
        for (int row = 0; row < samples.size; row++) {
            int user = samples.user[row];
            int visible = samples.visibleChunks[row];
            if (chunkCount(user) < visible) {
                throw new IllegalArgumentException("sample row " + row + " sees " + visible + " chunks of user " + user
                        + ", who has " + chunkCount(user) + " chunk vectors");
            }
            if (!hasItem(samples.item[row])) {
                throw new IllegalArgumentException("sample row " + row + ": no vector for item " + samples.item[row]);
            }
        }
    }

    private static final int FORMAT = 1;

    /** Every vector and score, float32 big-endian, for {@link #read}: users by dense id, then items. */
    public void write(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(FORMAT);
        out.writeInt(dim);
        out.writeInt(userChunks.length);
        for (int u = 0; u < userChunks.length; u++) {
            int t = chunkCount(u);
            out.writeInt(t);
            for (int j = 0; j < t; j++) {
                out.writeFloat(score(u, j));
                for (float v : chunk(u, j)) {
                    out.writeFloat(v);
                }
            }
        }
        out.writeInt(items.length);
        for (float[] item : items) {
            out.writeBoolean(item != null);
            if (item != null) {
                for (float v : item) {
                    out.writeFloat(v);
                }
            }
        }
    }

    /** What {@link #write} wrote. */
    public static ChunkVectors read(java.io.DataInputStream in) throws java.io.IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new java.io.IOException("chunk vectors of format " + format + ", this build reads " + FORMAT);
        }
        int dim = in.readInt();
        float[][][] chunks = new float[in.readInt()][][];
        float[][] scores = new float[chunks.length][];
        for (int u = 0; u < chunks.length; u++) {
            int t = in.readInt();
            chunks[u] = new float[t][dim];
            scores[u] = new float[t];
            for (int j = 0; j < t; j++) {
                scores[u][j] = in.readFloat();
                for (int c = 0; c < dim; c++) {
                    chunks[u][j][c] = in.readFloat();
                }
            }
        }
        float[][] items = new float[in.readInt()][];
        for (int i = 0; i < items.length; i++) {
            if (in.readBoolean()) {
                items[i] = new float[dim];
                for (int c = 0; c < dim; c++) {
                    items[i][c] = in.readFloat();
                }
            }
        }
        return new ChunkVectors(dim, chunks, scores, items);
    }

    private float[][] chunksOf(int user) {
        return user >= 0 && user < userChunks.length && userChunks[user] != null ? userChunks[user] : NO_CHUNKS;
    }

    /** Collects vectors by id; each id once. */
    public static final class Builder {
        private final int dim;
        private final Map<Integer, float[][]> chunks = new HashMap<>();
        private final Map<Integer, float[]> scores = new HashMap<>();
        private final Map<Integer, float[]> items = new HashMap<>();

        private Builder(int dim) {
            if (dim < 1) {
                throw new IllegalArgumentException("vector width must be >= 1, got " + dim);
            }
            this.dim = dim;
        }

        /** A user's chunk vectors in time order, all with score 1 (no tree search scores). */
        public Builder user(int user, float[][] vectors) {
            float[] ones = new float[vectors.length];
            Arrays.fill(ones, 1f);
            return user(user, vectors, ones);
        }

        /** A user's chunk vectors in time order and S_final of each. */
        public Builder user(int user, float[][] vectors, float[] finalScores) {
            if (user < 0 || chunks.containsKey(user)) {
                throw new IllegalArgumentException("user " + user + " is negative or given twice");
            }
            if (finalScores.length != vectors.length) {
                throw new IllegalArgumentException("user " + user + ": " + vectors.length + " vectors but " + finalScores.length + " scores");
            }
            for (int j = 0; j < vectors.length; j++) {
                checkVector(vectors[j], "user " + user + " chunk " + j);
                if (!Float.isFinite(finalScores[j])) {
                    throw new IllegalArgumentException("user " + user + " chunk " + j + ": score " + finalScores[j]);
                }
            }
            chunks.put(user, vectors.clone());
            scores.put(user, finalScores.clone());
            return this;
        }

        public Builder item(int item, float[] vector) {
            if (item < 1 || items.containsKey(item)) {
                throw new IllegalArgumentException("item " + item + " is padding (0), negative or given twice");
            }
            checkVector(vector, "item " + item);
            items.put(item, vector);
            return this;
        }

        public ChunkVectors build() {
            int users = chunks.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
            float[][][] userChunks = new float[users][][];
            float[][] userScores = new float[users][];
            chunks.forEach((u, v) -> userChunks[u] = v);
            scores.forEach((u, s) -> userScores[u] = s);
            float[][] itemVectors = new float[items.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1][];
            items.forEach((i, v) -> itemVectors[i] = v);
            return new ChunkVectors(dim, userChunks, userScores, itemVectors);
        }

        private void checkVector(float[] v, String what) {
            if (v == null || v.length != dim) {
                throw new IllegalArgumentException(what + ": vector of width " + (v == null ? "null" : v.length) + ", expected " + dim);
            }
        }
    }
}
