package org.hitlbm.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.UserShard;
import org.hitlbm.experiments.pipeline.ChunkTexts;
import org.hitlbm.experiments.pipeline.InterestSession;
import org.hitlbm.experiments.pipeline.InterestsStage;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.text.CachedTextEncoder;
import org.hitlbm.text.VectorCache;
import org.hitlbm.tree.cube.CubeCascade;

/**
 * {@code interests SPEC.yaml}: the pipeline's interests stage (CUBE for every user, or the first
 * N) and item knowledge for their items, through the call cache, with progress, cache hits, calls
 * and tokens; then every text through the vector cache, so fusion finds them ready.
 */
final class InterestsCommand {
    private final Reporter reporter;

    InterestsCommand(Reporter reporter) {
        this.reporter = reporter;
    }

    /** Counts of what was produced, for the caller and tests. */
    record Result(int users, long interests, int items, long hits, long calls, long tokens, double seconds) {
    }

    /** @param maxUsers only the first users (a quick look at a real model); items of those users */
    Result run(ResolvedConfig config, int maxUsers) {
        return run(config, UserShard.firstUsers(maxUsers), true);
    }

    /**
     * @param shard the users to do: every one, the first N ({@code --users}; items of those users), or one
     *              shard of a split job ({@code --shard i/n}; its share of the items)
     * @param withItems false ({@code --no-items}): no item knowledge, so no item texts to encode either
     */
    Result run(ResolvedConfig config, UserShard shard, boolean withItems) {
        long start = System.nanoTime();
        try (Pipeline.Run run = new Pipeline().open(config, reporter)) {
            PreparedData data = run.output(Pipeline.PREPARE);
            int[] positions = java.util.stream.IntStream.range(0, data.dataset().numUsers()).filter(shard::takesUser).toArray();
            int users = positions.length;
            InterestSession session = run.session();
            reporter.info(String.format("interests: %d users%s, %d chunks, backend %s (%s), cache %s", users,
                    shard.count() == 1 ? "" : " (" + shard + ")", java.util.Arrays.stream(positions).map(u -> data.chunks().get(u).count()).sum(),
                    session.llm().backend(), session.llm().model(), session.cache().location()));
            ChunkTexts interests = run.output(InterestsStage.of(shard));
            Map<Integer, String> items = withItems ? itemKnowledge(session, data, shard) : Map.of();
            long count = interests.texts().values().stream().mapToLong(List::size).sum();
            List<String> texts = new ArrayList<>();
            interests.texts().values().forEach(texts::addAll);
            texts.addAll(items.values());
            encode(run, texts);
            double seconds = (System.nanoTime() - start) / 1e9;
            reporter.progress("interests", String.format("done: %d interests for %d users, %s in %.1fs; %s; cache %s holds %d"
                    + " calls (%.1f MB)", count, users, withItems ? items.size() + " item texts" : "item knowledge skipped (--no-items)", seconds,
                    session.stats(), session.cache().location(), session.cache().size(), sizeMb(session)));
            return new Result(users, count, items.size(), session.calls().hits(), session.calls().misses(),
                    session.calls().promptTokens() + session.calls().completionTokens(), seconds);
        }
    }

    /**
     * Item knowledge for the users' items, with "items N/M  stats  ETA" lines like the users' (about
     * 20). The workers report concurrently: a count below one already printed is not printed.
     */
    private Map<Integer, String> itemKnowledge(InterestSession session, PreparedData data, UserShard shard) {
        int total = CubeCascade.itemsOf(data, shard).size();
        int step = Math.max(1, total / 20);
        long start = System.nanoTime();
        int[] printed = {0};
        IntConsumer onItemDone = done -> {
            if (done % step != 0 && done != total) {
                return;
            }
            synchronized (printed) {
                if (done <= printed[0]) {
                    return;
                }
                printed[0] = done;
                double elapsed = (System.nanoTime() - start) / 1e9;
                reporter.progress("interests", String.format("items %d/%d  %s  ETA %.0fs", done, total, session.stats(),
                        elapsed / done * (total - done)));
            }
        };
        return session.cascade().allItemKnowledge(data, shard, onItemDone);
    }

    /** Encodes every text through the vector cache in batches, so fusion finds them ready (and a re-run encodes nothing). */
    private void encode(Pipeline.Run run, List<String> texts) {
        String name = run.config().string("encoder.name");
        if ("none".equals(name)) {
            return;
        }
        long start = System.nanoTime();
        int batch = run.config().integer("encoder.batchSize") * 8;
        VectorCache cache = run.vectorCache();
        CachedTextEncoder encoder = run.encoder();
        for (int from = 0; from < texts.size(); from += batch) {
            encoder.encode(texts.subList(from, Math.min(texts.size(), from + batch)));
            int done = Math.min(texts.size(), from + batch);
            double seconds = (System.nanoTime() - start) / 1e9;
            reporter.progress("encode", String.format("%s: texts %d/%d  vector cache %d hits / %d encoded  %.1f texts/s", name, done,
                    texts.size(), encoder.hits(), encoder.misses(), done / Math.max(1e-9, seconds)));
        }
        reporter.progress("encode", String.format("done in %.1fs; %s holds %d vectors for %s", (System.nanoTime() - start) / 1e9,
                cache.location(), cache.count(name), name));
    }

    private static double sizeMb(InterestSession session) {
        if (session.cache().file() == null) {
            return Double.NaN; // on a database server
        }
        try {
            long bytes = Files.size(session.cache().file());
            Path wal = session.cache().file().resolveSibling(session.cache().file().getFileName() + "-wal");
            if (Files.exists(wal)) {
                bytes += Files.size(wal);
            }
            return bytes / 1e6;
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
    }
}
