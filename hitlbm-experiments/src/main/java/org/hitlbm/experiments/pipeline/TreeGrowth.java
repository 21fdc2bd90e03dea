package org.hitlbm.experiments.pipeline;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.tree.hts.InterestTree;
import org.hitlbm.tree.hts.RatingFolds;
import org.hitlbm.tree.hts.TreeStore;

/**
 * Where a lifelong update starts ({@code update}): the earlier data's chunks and tree store. A
 * user's stored tree keeps the layers of the leading chunks that are the same in both data (same
 * behaviours, ratings and times), and the search grows it from there, so only chunks that are new
 * (or changed) ask the LLM. The earlier run's SRM and PRM are taken over fold by fold unless
 * asked to refit: a fold's models never saw its users, before or after the update.
 */
public final class TreeGrowth {
    /** Sections whose settings shape a tree; an update may change only the data. */
    private static final List<String> SAME_SETTINGS = List.of("chunking", "llm", "tree", "encoder");

    /** What the update found, user by user and fold by fold. */
    public record Counts(int unchanged, int grown, int anew, long newLayers, int foldsTaken, int foldsWithout) {
    }

    private final ResolvedConfig earlierConfig;
    private final PreparedData earlier;
    private final boolean refitRatingModels;
    private int unchanged;
    private int grown;
    private int anew;
    private long newLayers;
    private int foldsTaken;
    private int foldsWithout;

    /**
     * @param earlierConfig the config the earlier trees were searched under; may differ from the
     *                      updated one in its dataset section only
     */
    public TreeGrowth(ResolvedConfig earlierConfig, PreparedData earlier, boolean refitRatingModels) {
        this.earlierConfig = earlierConfig;
        this.earlier = earlier;
        this.refitRatingModels = refitRatingModels;
    }

    ResolvedConfig earlierConfig() {
        return earlierConfig;
    }

    /** Fails unless {@code updated} differs from the earlier config in dataset keys only. */
    public void requireSameSettings(ResolvedConfig updated) {
        for (String section : SAME_SETTINGS) {
            Object before = earlierConfig.get(section);
            Object after = updated.get(section);
            if (!java.util.Objects.equals(before, after)) {
                throw new SpecException("update: '" + section + "' differs between the earlier and the updated config (" + before
                        + " vs " + after + "); an update changes only the data: keep the earlier settings, or run from scratch");
            }
        }
    }

    /**
     * Takes over the earlier store's rating models for every fold the updated store lacks (unless
     * refitting), and returns, per user position of {@code now}, the stored tree to grow (null: search
     * from the first chunk). Users whose tree is already in the updated store are not asked for.
     */
    IntFunction<InterestTree> prepare(TreeStore before, TreeStore after, PreparedData now, List<Integer> users, int folds,
                                      long ratingSeed) {
        if (before.location().equals(after.location())) {
            throw new SpecException("update: the updated data is the earlier data (one tree store, " + after.location()
                    + "): no behaviour was added");
        }
        if (!refitRatingModels) {
            for (int f = 0; f < folds; f++) {
                if (after.ratingModels(f) != null) {
                    foldsTaken++;
                    continue;
                }
                byte[] models = before.ratingModels(f);
                if (models != null) {
                    after.saveRatingModels(f, models);
                    foldsTaken++;
                } else {
                    foldsWithout++; // fitted on the updated data by the search
                }
            }
        }
        Map<Integer, InterestTree> seeds = new HashMap<>();
        for (UserState state : survey(before, after, now, users, folds, ratingSeed)) {
            if (state.updated()) {
                continue; // updated already (an update resumed)
            }
            if (state.kept() == 0) {
                anew++;
                newLayers += state.chunks();
                continue;
            }
            seeds.put(state.position(), state.stored().firstLayers(state.kept()));
            if (state.kept() == state.chunks()) {
                unchanged++;
            } else {
                grown++;
                newLayers += state.chunks() - state.kept();
            }
        }
        return seeds::get;
    }

    /**
     * One user of the updated data against the earlier trees.
     *
     * @param stored  the earlier tree (of the user's fold), or null
     * @param kept    its leading layers whose chunks are unchanged: what an update keeps
     * @param updated the updated store holds the user's tree already
     */
    record UserState(int position, UserHistory history, UserChunks chunksNow, InterestTree stored, int kept, boolean updated) {
        int chunks() {
            return chunksNow.count();
        }

        /** Chunks whose layers an update must search. */
        int pending() {
            return updated ? 0 : chunks() - kept;
        }
    }

    /** Each of {@code users} (positions in {@code now}) against the earlier store; nothing is written. */
    List<UserState> survey(TreeStore before, TreeStore after, PreparedData now, List<Integer> users, int folds, long ratingSeed) {
        Map<Integer, Integer> earlierPosition = new HashMap<>();
        for (int u = 0; u < earlier.dataset().histories().size(); u++) {
            earlierPosition.put(earlier.dataset().histories().get(u).user(), u);
        }
        List<UserState> states = new java.util.ArrayList<>();
        for (int u : users) {
            UserHistory h = now.dataset().histories().get(u);
            UserChunks c = now.chunks().get(u);
            int fold = RatingFolds.of(h.user(), folds, ratingSeed);
            boolean updated = after.load(h.user(), c.count()).filter(t -> t.fold() == fold).isPresent();
            Integer e = earlierPosition.get(h.user());
            InterestTree stored = e == null ? null : before.load(h.user()).filter(t -> t.fold() == fold).orElse(null);
            int kept = stored == null ? 0 : Math.min(stored.layers().size(),
                    sameLeadingChunks(earlier.dataset().histories().get(e), earlier.chunks().get(e), h, c));
            states.add(new UserState(u, h, c, stored, kept, updated));
        }
        return states;
    }

    public Counts counts() {
        return new Counts(unchanged, grown, anew, newLayers, foldsTaken, foldsWithout);
    }

    /** How many leading chunks hold the same behaviours (items, ratings, times) in both histories. */
    static int sameLeadingChunks(UserHistory a, UserChunks chunksA, UserHistory b, UserChunks chunksB) {
        int n = Math.min(chunksA.count(), chunksB.count());
        for (int c = 0; c < n; c++) {
            int from = chunksA.start(c);
            int to = chunksA.end(c);
            if (chunksB.start(c) != from || chunksB.end(c) != to || to > a.items().length || to > b.items().length
                    || !Arrays.equals(a.items(), from, to, b.items(), from, to)
                    || !Arrays.equals(a.ratings(), from, to, b.ratings(), from, to)
                    || !Arrays.equals(a.timestamps(), from, to, b.timestamps(), from, to)) {
                return c;
            }
        }
        return n;
    }
}
