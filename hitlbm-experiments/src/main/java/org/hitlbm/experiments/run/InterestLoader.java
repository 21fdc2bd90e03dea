package org.hitlbm.experiments.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.experiments.interests.HtsCommand;
import org.hitlbm.experiments.interests.InterestSession;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.fusion.fuse.ChunkVectors;
import org.hitlbm.text.CachedTextEncoder;
import org.hitlbm.text.Encoders;
import org.hitlbm.text.VectorCache;
import org.hitlbm.tree.cube.CubeCascade;
import org.hitlbm.tree.hts.InterestTree;

/**
 * The lifelong-interest vectors a fusion reads (SPEC Eq. 10-11): per user, one vector per chunk,
 * from the HTS path weighted by S_final ({@code fusion.interests: hts}, default), or with weight 1
 * from the CUBE cascade (the "CUBE only" ablation, TRSR), per-segment summaries (LIBER) or
 * recent-window summaries (KAR); per item, its knowledge text (prompt^item). Every text
 * comes through the LLM cache, trees through the tree store and vectors through the vector cache,
 * so grid cells that share these settings share the work; in one JVM the result is kept too.
 */
public final class InterestLoader {
    private final Map<String, ChunkVectors> inMemory = new HashMap<>();
    private final PrintStream out;

    private static final Map<String, String> SOURCES = Map.of("hts", "HTS path", "cube", "CUBE cascade",
            "segments", "per-segment", "recent", "recent-window");

    public InterestLoader(PrintStream out) {
        this.out = out;
    }

    public ChunkVectors load(ResolvedConfig config, PreparedData data) {
        if ("none".equals(config.string("encoder.name"))) {
            throw new SpecException("fusion.name " + config.string("fusion.name") + " needs interest vectors: encoder.name must not be none");
        }
        String key = key(config);
        ChunkVectors cached = inMemory.get(key);
        if (cached != null) {
            return cached;
        }
        long start = System.nanoTime();
        Path cacheDir = Path.of(config.string("paths.cache"));
        Map<Integer, List<String>> texts = new HashMap<>();
        Map<Integer, double[]> scores = new HashMap<>();
        Map<Integer, String> items;
        ChunkVectors vectors;
        try (InterestSession session = new InterestSession(config, data);
             VectorCache cache = VectorCache.open(cacheDir.resolve("vectors.sqlite"), out::println);
             CachedTextEncoder encoder = new CachedTextEncoder(Encoders.byName(config.string("encoder.name")), cache)) {
            CubeCascade cube = session.cascade();
            switch (config.string("fusion.interests")) {
                case "hts" -> {
                    for (InterestTree tree : new HtsCommand(out).searchTrees(config, data, session, encoder, null).trees()) {
                        texts.put(tree.user(), tree.chosenInterests());
                        scores.put(tree.user(), tree.chosenScores());
                    }
                }
                case "cube" -> texts.putAll(cube.allInterests(data, n -> { }));
                case "segments" -> texts.putAll(cube.forAllUsers(data, Integer.MAX_VALUE, cube::segmentInterests, n -> { }));
                case "recent" -> {
                    int window = config.integer("fusion.recentWindow");
                    texts.putAll(cube.forAllUsers(data, Integer.MAX_VALUE, (h, c) -> cube.recentInterests(h, c, window), n -> { }));
                }
                default -> throw new SpecException("fusion.interests: unknown source " + config.string("fusion.interests"));
            }
            items = session.cascade().allItemKnowledge(data);
            String fusionEncoder = config.string("fusion.encoder");
            if ("same".equals(fusionEncoder) || fusionEncoder.equals(encoder.name())) {
                vectors = encode(data, texts, scores, items, encoder);
                report(config, texts, items, encoder, start);
            } else {
                try (CachedTextEncoder other = new CachedTextEncoder(Encoders.byName(fusionEncoder), cache)) {
                    vectors = encode(data, texts, scores, items, other);
                    report(config, texts, items, other, start);
                }
            }
        }
        inMemory.put(key, vectors);
        return vectors;
    }

    private void report(ResolvedConfig config, Map<Integer, List<String>> texts, Map<Integer, String> items, CachedTextEncoder encoder,
                        long start) {
        out.printf("[interests] %s interests of %d users and %d item texts as %d-d %s vectors in %.1fs (%d encoded now)%n",
                SOURCES.get(config.string("fusion.interests")), texts.size(), items.size(), encoder.dimension(),
                encoder.name(), (System.nanoTime() - start) / 1e9, encoder.misses());
    }

    private static ChunkVectors encode(PreparedData data, Map<Integer, List<String>> texts, Map<Integer, double[]> scores,
                                       Map<Integer, String> items, CachedTextEncoder encoder) {
        Set<String> distinct = new LinkedHashSet<>();
        texts.values().forEach(distinct::addAll);
        distinct.addAll(items.values());
        List<String> all = new ArrayList<>(distinct);
        float[][] encoded = encoder.encode(all);
        Map<String, float[]> byText = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            byText.put(all.get(i), encoded[i]);
        }
        ChunkVectors.Builder builder = ChunkVectors.builder(encoder.dimension());
        for (int u = 0; u < data.dataset().histories().size(); u++) {
            UserHistory h = data.dataset().histories().get(u);
            List<String> chunks = texts.get(h.user());
            int expected = data.chunks().get(u).count();
            if (chunks == null || chunks.size() != expected) {
                throw new IllegalStateException("user " + h.user() + ": " + (chunks == null ? "no" : chunks.size()) + " interests for "
                        + expected + " chunks; the interest or tree cache does not match this data");
            }
            float[][] v = chunks.stream().map(byText::get).toArray(float[][]::new);
            double[] s = scores.get(h.user());
            if (s == null) {
                builder.user(h.user(), v);
            } else {
                float[] f = new float[s.length];
                for (int j = 0; j < s.length; j++) {
                    f[j] = (float) s[j];
                }
                builder.user(h.user(), v, f);
            }
        }
        items.forEach((item, text) -> builder.item(item, byText.get(text)));
        return builder.build();
    }

    /** Every setting that shapes the vectors: data, chunking, LLM, tree, encoders, cache folder. */
    private static String key(ResolvedConfig c) {
        return c.settingsKey("dataset.", "chunking.", "llm.", "tree.", "encoder.", "fusion.encoder", "fusion.interests",
                "fusion.recentWindow", "paths.cache");
    }
}
