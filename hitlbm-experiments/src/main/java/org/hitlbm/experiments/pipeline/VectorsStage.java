package org.hitlbm.experiments.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.fusion.fuse.ChunkVectors;
import org.hitlbm.text.CachedTextEncoder;
import org.hitlbm.text.Encoders;
import org.hitlbm.text.TextEncoder;
import org.hitlbm.text.TextVectors;

/**
 * The lifelong-interest vectors a fusion reads (SPEC Eq. 10-11): per user, one vector per chunk
 * of the texts the {@code fusion.interests} source gives (the tree's path weighted by S_final, or
 * a competitor's summaries with weight 1); per item, its knowledge text (prompt^item). Texts come
 * through the LLM cache, trees through the tree store and vectors through the vector cache, so
 * grid cells that share these settings share the work; in one JVM the result is kept too.
 */
final class VectorsStage implements Stage<ChunkVectors> {
    @Override
    public String name() {
        return "vectors";
    }

    /** Every setting that shapes the vectors: data, chunking, LLM, tree, encoders, the source's own, cache folder. */
    @Override
    public List<String> settings() {
        return Stream.of(Stream.of("dataset", "chunking", "llm", "tree", "encoder", "fusion.encoder", "fusion.interests"),
                InterestSources.all().stream().flatMap(s -> s.settings().stream()), Stream.of("paths.cache"))
                .flatMap(s -> s).distinct().toList();
    }

    @Override
    public String cacheKey(ResolvedConfig c) {
        return Pipeline.settingsKey(c, Set.of(), settings());
    }

    @Override
    public ChunkVectors compute(StageContext ctx) {
        ResolvedConfig config = ctx.config();
        if ("none".equals(config.string("encoder.name"))) {
            throw new SpecException("fusion.name " + config.string("fusion.name")
                    + " needs interest vectors: encoder.name must not be none");
        }
        long start = System.nanoTime();
        PreparedData data = ctx.output(Pipeline.PREPARE);
        InterestSession session = ctx.session();
        CachedTextEncoder encoder = ctx.encoder();
        InterestSource source = InterestSources.byName(config.string("fusion.interests"));
        ChunkTexts texts = source.texts(ctx);
        Map<Integer, String> items = session.cascade().allItemKnowledge(data);
        session.warnGuards(ctx.reporter());
        String fusionEncoder = config.string("fusion.encoder");
        if ("same".equals(fusionEncoder) || fusionEncoder.equals(encoder.name())) {
            ChunkVectors vectors = encode(data, texts, items, encoder);
            report(ctx.reporter(), source, texts, items, encoder, start);
            return vectors;
        }
        try (CachedTextEncoder other = new CachedTextEncoder(Encoders.byName(fusionEncoder), ctx.vectorCache())) {
            ChunkVectors vectors = encode(data, texts, items, other);
            report(ctx.reporter(), source, texts, items, other, start);
            return vectors;
        }
    }

    private static void report(Reporter reporter, InterestSource source, ChunkTexts texts, Map<Integer, String> items,
                               CachedTextEncoder encoder, long start) {
        reporter.progress("interests", String.format(
                "%s interests of %d users and %d item texts as %d-d %s vectors in %.1fs (%d encoded now)", source.label(),
                texts.texts().size(), items.size(), encoder.dimension(), encoder.name(), (System.nanoTime() - start) / 1e9,
                encoder.misses()));
    }

    /** Every distinct text encoded once, users' texts first in the source's order, then the items'. */
    private static ChunkVectors encode(PreparedData data, ChunkTexts interests, Map<Integer, String> items, TextEncoder encoder) {
        Map<Integer, List<String>> texts = interests.texts();
        List<String> all = new ArrayList<>();
        texts.values().forEach(all::addAll);
        all.addAll(items.values());
        Map<String, float[]> byText = TextVectors.byText(encoder, all);
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
            double[] s = interests.scores().get(h.user());
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
}
