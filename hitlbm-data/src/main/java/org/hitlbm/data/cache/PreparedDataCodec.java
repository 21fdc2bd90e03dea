package org.hitlbm.data.cache;

import static org.hitlbm.data.cache.EntryInput.require;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.Domain;
import org.hitlbm.data.GroundTruth;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.Item;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.UserProfile;
import org.hitlbm.data.chunk.ChunkMode;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.PreparedDataset;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.prep.SplitMode;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.data.sample.FeatureSpace;

/**
 * {@link PreparedData} as columns of numbers and strings: the raw dataset (catalogue, profiles,
 * ratings, ground truth, reader warnings), the preprocessing settings and histories, the chunks
 * and the CTR samples. The feature space is not stored: it is a function of the raw dataset and
 * rebuilt on reading. Reading checks what later code indexes with (ids in range, aligned
 * columns), so a damaged entry is a miss here rather than an ArrayIndexOutOfBounds in training.
 */
public final class PreparedDataCodec implements CacheCodec<PreparedData> {
    public static final PreparedDataCodec INSTANCE = new PreparedDataCodec();

    private PreparedDataCodec() {
    }

    @Override
    public String name() {
        return "prepared-data";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(EntryOutput out, PreparedData data) throws IOException {
        PreparedDataset dataset = data.dataset();
        writeRaw(out, dataset.raw());
        PreprocessConfig p = dataset.config();
        out.writeInt(p.minUserInteractions());
        out.writeInt(p.minItemInteractions());
        out.writeDouble(p.positiveAbove());
        out.writeString(p.splitMode().name());
        out.writeDouble(p.testFraction());
        out.writeDouble(p.validationFraction());
        out.writeInt(dataset.histories().size());
        for (UserHistory h : dataset.histories()) {
            out.writeInt(h.user());
            out.writeInts(h.items());
            out.writeFloats(h.ratings());
            out.writeLongs(h.timestamps());
            out.writeBytes(h.labels());
            out.writeBytes(h.splits());
        }
        out.writeLong(dataset.validationStart());
        out.writeLong(dataset.testStart());
        out.writeString(data.chunking().mode().name());
        out.writeInt(data.chunking().size());
        out.writeInt(data.chunks().size());
        for (UserChunks c : data.chunks()) {
            out.writeInt(c.user());
            out.writeInts(c.ends());
            out.writeLongs(c.lastTimestamps());
        }
        CtrSamples s = data.samples();
        out.writeInt(s.recentLength);
        out.writeInts(s.user);
        out.writeInts(s.item);
        out.writeInts(s.label);
        out.writeBytes(s.split);
        out.writeLongs(s.timestamp);
        out.writeInts(s.position);
        out.writeInts(s.recentItems);
        out.writeBytes(s.recentRatings);
        out.writeInts(s.visibleChunks);
    }

    @Override
    public PreparedData read(EntryInput in) throws IOException {
        RawDataset raw = readRaw(in);
        PreprocessConfig config = new PreprocessConfig(in.readInt(), in.readInt(), in.readDouble(),
                SplitMode.valueOf(in.readString()), in.readDouble(), in.readDouble());
        int count = in.readCount();
        List<UserHistory> histories = new ArrayList<>();
        Map<Integer, Integer> historyOf = new HashMap<>();
        for (int h = 0; h < count; h++) {
            UserHistory history = new UserHistory(in.readInt(), in.readInts(), in.readFloats(), in.readLongs(),
                    in.readBytes(), in.readBytes());
            int n = history.size();
            require(inRange(history.user(), raw.numUsers()) && historyOf.put(history.user(), h) == null,
                    "history of unknown or repeated user " + history.user());
            require(history.ratings().length == n && history.timestamps().length == n && history.labels().length == n
                    && history.splits().length == n, "history columns of unequal length");
            for (int i = 0; i < n; i++) {
                require(inRange(history.items()[i], raw.numItems()), "item id out of range");
                require(history.labels()[i] == 0 || history.labels()[i] == 1, "label not 0/1");
                require(isSplit(history.splits()[i]), "unknown split code");
            }
            histories.add(history);
        }
        PreparedDataset dataset = new PreparedDataset(raw, config, List.copyOf(histories), in.readLong(), in.readLong());
        ChunkingConfig chunking = new ChunkingConfig(ChunkMode.valueOf(in.readString()), in.readInt());
        int chunkCount = in.readCount();
        require(chunkCount == histories.size(), "one chunking per history expected");
        List<UserChunks> chunks = new ArrayList<>();
        for (int h = 0; h < chunkCount; h++) {
            UserChunks c = new UserChunks(in.readInt(), in.readInts(), in.readLongs());
            require(c.user() == histories.get(h).user() && c.lastTimestamps().length == c.count(),
                    "chunks do not match their history");
            int previous = 0;
            for (int end : c.ends()) {
                require(end > previous && end <= histories.get(h).size(), "chunk ends out of order or range");
                previous = end;
            }
            chunks.add(c);
        }
        CtrSamples samples = new CtrSamples(in.readInt(), in.readInts(), in.readInts(), in.readInts(), in.readBytes(),
                in.readLongs(), in.readInts(), in.readInts(), in.readBytes(), in.readInts());
        for (int i = 0; i < samples.size; i++) {
            Integer h = historyOf.get(samples.user[i]);
            require(h != null && samples.position[i] >= 0 && samples.position[i] < histories.get(h).size()
                    && samples.visibleChunks[i] >= 0 && samples.visibleChunks[i] <= chunks.get(h).count(),
                    "sample " + i + " points outside its user's history");
            require(inRange(samples.item[i], raw.numItems()) && isSplit(samples.split[i])
                    && (samples.label[i] == 0 || samples.label[i] == 1), "sample " + i + " out of range");
        }
        for (int r : samples.recentItems) {
            require(r >= 0 && r <= raw.numItems(), "recent item id out of range");
        }
        return new PreparedData(dataset, chunking, List.copyOf(chunks), samples, new FeatureSpace(raw));
    }

    private static void writeRaw(EntryOutput out, RawDataset raw) throws IOException {
        out.writeString(raw.name());
        out.writeString(raw.domain().name());
        out.writeInt(raw.numItems());
        for (Item item : raw.items()) {
            out.writeString(item.rawId());
            out.writeString(item.title());
            out.writeStrings(item.genres());
        }
        out.writeInt(raw.numUsers());
        for (UserProfile user : raw.users()) {
            out.writeString(user.rawId());
            out.writeString(user.gender());
            out.writeString(user.age());
            out.writeString(user.occupation());
        }
        List<Interaction> xs = raw.interactions();
        int[] users = new int[xs.size()];
        int[] items = new int[xs.size()];
        float[] ratings = new float[xs.size()];
        long[] times = new long[xs.size()];
        for (int i = 0; i < xs.size(); i++) {
            Interaction x = xs.get(i);
            users[i] = x.user();
            items[i] = x.item();
            ratings[i] = x.rating();
            times[i] = x.timestamp();
        }
        out.writeInts(users);
        out.writeInts(items);
        out.writeFloats(ratings);
        out.writeLongs(times);
        GroundTruth truth = raw.truth().orElse(null);
        out.writeBoolean(truth != null);
        if (truth != null) {
            out.writeStrings(truth.genres());
            List<Integer> truthUsers = truth.users();
            out.writeInt(truthUsers.size());
            for (int user : truthUsers) {
                out.writeInt(user);
                out.writeLongs(truth.timestamps(user));
                float[][] weights = truth.weights(user);
                out.writeInt(weights.length);
                for (float[] w : weights) {
                    out.writeFloats(w);
                }
            }
        }
        out.writeStrings(raw.warnings());
    }

    /** Ids are the list positions (dense, 1-based), so they are not stored. */
    private static RawDataset readRaw(EntryInput in) throws IOException {
        String name = in.readString();
        Domain domain = Domain.valueOf(in.readString());
        int itemCount = in.readCount();
        List<Item> items = new ArrayList<>();
        for (int id = 1; id <= itemCount; id++) {
            items.add(new Item(id, in.readString(), in.readString(), nonNull(in.readStrings())));
        }
        int userCount = in.readCount();
        List<UserProfile> users = new ArrayList<>();
        for (int id = 1; id <= userCount; id++) {
            users.add(new UserProfile(id, in.readString(), in.readString(), in.readString(), in.readString()));
        }
        int[] xu = in.readInts();
        int[] xi = in.readInts();
        float[] xr = in.readFloats();
        long[] xt = in.readLongs();
        require(xi.length == xu.length && xr.length == xu.length && xt.length == xu.length,
                "rating columns of unequal length");
        List<Interaction> interactions = new ArrayList<>(xu.length);
        for (int i = 0; i < xu.length; i++) {
            require(inRange(xu[i], userCount) && inRange(xi[i], itemCount), "rating ids out of range");
            interactions.add(new Interaction(xu[i], xi[i], xr[i], xt[i]));
        }
        GroundTruth truth = null;
        if (in.readBoolean()) {
            List<String> genres = nonNull(in.readStrings());
            int truthUsers = in.readCount();
            Map<Integer, long[]> timestamps = new HashMap<>();
            Map<Integer, float[][]> weights = new HashMap<>();
            for (int u = 0; u < truthUsers; u++) {
                int user = in.readInt();
                long[] ts = in.readLongs();
                int rows = in.readCount();
                require(rows == ts.length && !timestamps.containsKey(user), "ground truth rows do not match");
                float[][] w = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    w[r] = in.readFloats();
                    require(w[r].length == genres.size(), "ground truth weights of the wrong width");
                }
                timestamps.put(user, ts);
                weights.put(user, w);
            }
            truth = new GroundTruth(genres, timestamps, weights);
        }
        List<String> warnings = nonNull(in.readStrings());
        require(name != null, "no dataset name");
        return new RawDataset(name, domain, items, users, interactions, truth, warnings);
    }

    private static List<String> nonNull(List<String> values) throws IOException {
        for (String v : values) {
            require(v != null, "null in a list of strings");
        }
        return values;
    }

    private static boolean inRange(int id, int count) {
        return id >= 1 && id <= count;
    }

    private static boolean isSplit(byte code) {
        return code >= 0 && code < Split.values().length;
    }
}
