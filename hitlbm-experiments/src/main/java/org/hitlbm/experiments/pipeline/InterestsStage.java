package org.hitlbm.experiments.pipeline;

import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.hitlbm.data.PipelineVersions;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.UserShard;
import org.hitlbm.experiments.spec.ResolvedConfig;

/**
 * The CUBE cascade (SPEC Eq. 2) of every user: one interest per chunk, each written from the
 * chunk's behaviors and the previous interest. Every answer comes through the LLM call cache
 * ({@code paths.cache/llm.sqlite}), so a repeat asks the backend nothing.
 */
public final class InterestsStage implements Stage<ChunkTexts> {
    static final InterestsStage ALL_USERS = new InterestsStage(UserShard.ALL);

    private final UserShard shard;

    private InterestsStage(UserShard shard) {
        this.shard = shard;
    }

    /** Only the first {@code n} users' cascades (a quick look at a real model); every user for Integer.MAX_VALUE. */
    public static InterestsStage firstUsers(int n) {
        return of(UserShard.firstUsers(n));
    }

    /** One shard's users' cascades ({@code interests --shard i/n}). */
    public static InterestsStage of(UserShard shard) {
        return shard.isAll() ? ALL_USERS : new InterestsStage(shard);
    }

    @Override
    public String name() {
        return "interests";
    }

    @Override
    public List<String> settings() {
        return List.of("dataset", "chunking", "llm");
    }

    @Override
    public String cacheKey(ResolvedConfig c) {
        return "interests" + PipelineVersions.INTERESTS + "|data" + PipelineVersions.DATA
                + "|files=" + DataSource.from(c).contentFingerprint() + Pipeline.settingsKey(c, TreeStage.NOT_SHAPING, settings())
                + shard.key();
    }

    @Override
    public boolean memoized() {
        return false; // the call cache answers a repeat
    }

    /** Asked for directly, it shows how many users are done, the LLM's counts and an ETA. */
    @Override
    public ChunkTexts compute(StageContext ctx) {
        PreparedData data = ctx.output(Pipeline.PREPARE);
        InterestSession session = ctx.session();
        IntConsumer onUserDone = n -> { };
        if (ctx.showsProgress()) {
            long start = System.nanoTime();
            int users = (int) java.util.stream.IntStream.range(0, data.dataset().numUsers()).filter(shard::takesUser).count();
            int step = Math.max(1, users / 20);
            onUserDone = done -> {
                if (done % step == 0 || done == users) {
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    ctx.reporter().progress("interests", String.format("users %d/%d  %s  ETA %.0fs", done, users, session.stats(),
                            elapsed / done * (users - done)));
                }
            };
        }
        Map<Integer, List<String>> interests = session.cascade().allInterests(data, shard, onUserDone);
        session.warnGuards(ctx.reporter());
        return new ChunkTexts(interests, Map.of());
    }
}
