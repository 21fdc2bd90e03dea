package org.hitlbm.experiments.interests;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.PreparedData;
import org.hitlbm.experiments.run.DataLoader;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.text.CachedTextEncoder;
import org.hitlbm.text.Encoders;
import org.hitlbm.text.VectorCache;

/**
 * {@code interests SPEC.yaml}: runs CUBE for every user and item knowledge for every item of the
 * spec's data, through the call cache, printing progress with cache hits, calls and tokens.
 */
public final class InterestsCommand {
    private final PrintStream out;

    public InterestsCommand(PrintStream out) {
        this.out = out;
    }

    /** Counts of what was produced, for the caller and tests. */
    public record Result(int users, long interests, int items, long hits, long calls, long tokens, double seconds) {
    }

    public Result run(ResolvedConfig config) {
        return run(config, Integer.MAX_VALUE);
    }

    /** @param maxUsers only the first users (a quick look at a real model); items of those users */
    public Result run(ResolvedConfig config, int maxUsers) {
        long start = System.nanoTime();
        PreparedData data = new DataLoader(out::println).load(config);
        int users = Math.min(maxUsers, data.dataset().numUsers());
        try (InterestSession session = new InterestSession(config, data)) {
            out.printf("interests: %d users, %d chunks, backend %s (%s), cache %s%n", users,
                    data.chunks().subList(0, users).stream().mapToInt(c -> c.count()).sum(), session.llm().backend(), session.llm().model(),
                    session.cache().file());
            int step = Math.max(1, users / 20);
            Map<Integer, List<String>> interests = session.cascade().allInterests(data, users, done -> {
                if (done % step == 0 || done == users) {
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    out.printf("[interests] users %d/%d  %s  ETA %.0fs%n", done, users, session.llm().stats(),
                            elapsed / done * (users - done));
                }
            });
            Map<Integer, String> items = session.cascade().allItemKnowledge(data, users);
            long count = interests.values().stream().mapToLong(List::size).sum();
            List<String> texts = new java.util.ArrayList<>();
            interests.values().forEach(texts::addAll);
            texts.addAll(items.values());
            encode(config, texts);
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("[interests] done: %d interests for %d users, %d item texts in %.1fs; %s; cache %s holds %d calls (%.1f MB)%n",
                    count, users, items.size(), seconds, session.llm().stats(), session.cache().file(), session.cache().size(),
                    sizeMb(session));
            return new Result(users, count, items.size(), session.llm().hits(), session.llm().misses(),
                    session.llm().promptTokens() + session.llm().completionTokens(), seconds);
        }
    }

    /** Encodes every text through the vector cache, so fusion finds them ready (and a re-run encodes nothing). */
    private void encode(ResolvedConfig config, List<String> texts) {
        String name = config.string("encoder.name");
        if ("none".equals(name)) {
            return;
        }
        long start = System.nanoTime();
        int batch = config.integer("encoder.batchSize") * 8;
        java.nio.file.Path file = java.nio.file.Path.of(config.string("paths.cache")).resolve("vectors.sqlite");
        try (VectorCache cache = VectorCache.open(file, out::println);
             CachedTextEncoder encoder = new CachedTextEncoder(Encoders.byName(name), cache)) {
            for (int from = 0; from < texts.size(); from += batch) {
                encoder.encode(texts.subList(from, Math.min(texts.size(), from + batch)));
                int done = Math.min(texts.size(), from + batch);
                double seconds = (System.nanoTime() - start) / 1e9;
                out.printf("[encode] %s: texts %d/%d  vector cache %d hits / %d encoded  %.1f texts/s%n", name, done, texts.size(),
                        encoder.hits(), encoder.misses(), done / Math.max(1e-9, seconds));
            }
            out.printf("[encode] done in %.1fs; %s holds %d vectors for %s%n", (System.nanoTime() - start) / 1e9, file, cache.count(name), name);
        }
    }

    private static double sizeMb(InterestSession session) {
        try {
            long bytes = Files.size(session.cache().file());
            java.nio.file.Path wal = session.cache().file().resolveSibling(session.cache().file().getFileName() + "-wal");
            if (Files.exists(wal)) {
                bytes += Files.size(wal);
            }
            return bytes / 1e6;
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
    }
}
