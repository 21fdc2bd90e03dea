package org.hitlbm.tree.cube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.hitlbm.data.Item;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.UserShard;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.concurrent.ParallelTasks;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.llm.LlmException;
import org.hitlbm.tree.prompt.Prompts;

/**
 * CUBE (SPEC Eq. 2): Inst_1 = LLM(prompt^inst, B_1), Inst_i = LLM(prompt^inst, Inst_{i-1}, B_i);
 * plus item knowledge, LLM(prompt^item, item), for every item the histories touch. Seeds are
 * derived from (seed, user, chunk), so the same settings ask the same questions and a cache in
 * front of the client answers them all on a re-run.
 */
public final class CubeCascade {
    /**
     * How the LLM worker pools fail when it is not a worker's own exception: as LlmException, and
     * the workers are stopped before the call returns, so none still writes to the cache once a
     * call fails and the caller moves on.
     */
    public static final ParallelTasks.Failures LLM_WORKERS = new ParallelTasks.Failures("interrupted", "LLM workers", LlmException::new);

    private final LlmClient llm;
    private final Prompts prompts;
    private final CubeSettings settings;

    public CubeCascade(LlmClient llm, Prompts prompts, CubeSettings settings) {
        this.llm = llm;
        this.prompts = prompts;
        this.settings = settings;
    }

    /** The seed of one cascade call: stable, and distinct per user and chunk. */
    public static long callSeed(long seed, int user, int chunk) {
        long h = seed * 0x9E3779B97F4A7C15L + user * 0xBF58476D1CE4E5B9L + chunk * 0x94D049BB133111EBL;
        return (h ^ (h >>> 31)) & 0x7FFFFFFFL; // servers want small non-negative seeds
    }

    /**
     * One user's cascade: one interest per chunk, in order. A generation the output guards rejected
     * ({@link Generation#usable()}) is never fed on: its chunk keeps the last usable interest (the
     * empty text before there is one), and the next chunk is asked from that.
     */
    public List<String> interests(UserHistory history, UserChunks chunks) {
        List<String> out = new ArrayList<>(chunks.count());
        String previous = null;
        for (int c = 0; c < chunks.count(); c++) {
            String prompt = prompts.interest(history, chunks, c, previous);
            Generation g = llm.generate(prompt, callSeed(settings.seed(), history.user(), c), settings.temperature(), settings.maxTokens());
            if (g.usable()) {
                previous = g.text();
            }
            out.add(previous == null ? "" : previous);
        }
        return out;
    }

    /** LIBER's partition: each chunk summarised on its own, with no previous summary. */
    public List<String> segmentInterests(UserHistory history, UserChunks chunks) {
        List<String> out = new ArrayList<>(chunks.count());
        for (int c = 0; c < chunks.count(); c++) {
            out.add(summarise(prompts.interestOver(history, chunks.start(c), chunks.end(c)), history.user(), c));
        }
        return out;
    }

    /**
     * KAR's preference from a partial recent sequence: per chunk, the last {@code window}
     * behaviors up to that chunk's end summarised on their own, so a sample that sees chunks
     * 1..c reads the summary written at the end of chunk c and nothing later.
     */
    public List<String> recentInterests(UserHistory history, UserChunks chunks, int window) {
        List<String> out = new ArrayList<>(chunks.count());
        for (int c = 0; c < chunks.count(); c++) {
            int end = chunks.end(c);
            out.add(summarise(prompts.interestOver(history, Math.max(0, end - window), end), history.user(), c));
        }
        return out;
    }

    /** A rejected summary becomes the empty text (counted by the guard), never the degenerate one. */
    private String summarise(String prompt, int user, int chunk) {
        return usableOrEmpty(llm.generate(prompt, callSeed(settings.seed(), user, chunk), settings.temperature(), settings.maxTokens()));
    }

    public String itemKnowledge(Item item) {
        return usableOrEmpty(llm.generate(prompts.item(item), callSeed(settings.seed(), 0, item.id()), settings.itemTemperature(),
                settings.maxTokens()));
    }

    private static String usableOrEmpty(Generation g) {
        return g.usable() ? g.text() : "";
    }

    /**
     * Every user's cascade, users in parallel.
     *
     * @param onUserDone called with the number of users finished so far
     * @return user id to interests
     */
    public Map<Integer, List<String>> allInterests(PreparedData data, IntConsumer onUserDone) {
        return allInterests(data, Integer.MAX_VALUE, onUserDone);
    }

    /** The cascades of the first {@code maxUsers} users only (a quick look at a real model). */
    public Map<Integer, List<String>> allInterests(PreparedData data, int maxUsers, IntConsumer onUserDone) {
        return allInterests(data, UserShard.firstUsers(maxUsers), onUserDone);
    }

    /** The cascades of one shard's users. */
    public Map<Integer, List<String>> allInterests(PreparedData data, UserShard shard, IntConsumer onUserDone) {
        return forUsers(data, shard, this::interests, onUserDone);
    }

    /** One list of texts per user from {@code perUser} (a cascade, segments, recent windows), users in parallel. */
    public Map<Integer, List<String>> forAllUsers(PreparedData data, int maxUsers,
                                                 java.util.function.BiFunction<UserHistory, UserChunks, List<String>> perUser,
                                                 IntConsumer onUserDone) {
        return forUsers(data, UserShard.firstUsers(maxUsers), perUser, onUserDone);
    }

    /** One list of texts per user of the shard from {@code perUser}, users in parallel, keyed by user id. */
    public Map<Integer, List<String>> forUsers(PreparedData data, UserShard shard,
                                               java.util.function.BiFunction<UserHistory, UserChunks, List<String>> perUser,
                                               IntConsumer onUserDone) {
        AtomicInteger done = new AtomicInteger();
        List<Callable<List<String>>> tasks = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int u = 0; u < data.dataset().histories().size(); u++) {
            if (!shard.takesUser(u)) {
                continue;
            }
            UserHistory h = data.dataset().histories().get(u);
            UserChunks c = data.chunks().get(u);
            ids.add(h.user());
            tasks.add(() -> {
                List<String> interests = perUser.apply(h, c);
                onUserDone.accept(done.incrementAndGet());
                return interests;
            });
        }
        List<List<String>> results = ParallelTasks.inOrder(settings.threads(), tasks, LLM_WORKERS);
        Map<Integer, List<String>> out = new TreeMap<>();
        for (int k = 0; k < results.size(); k++) {
            out.put(ids.get(k), results.get(k));
        }
        return out;
    }

    /** Item knowledge for every item that occurs in the kept histories. */
    public Map<Integer, String> allItemKnowledge(PreparedData data) {
        return allItemKnowledge(data, Integer.MAX_VALUE);
    }

    /** Item knowledge for the items of the first {@code maxUsers} users. */
    public Map<Integer, String> allItemKnowledge(PreparedData data, int maxUsers) {
        return allItemKnowledge(data, maxUsers, n -> { });
    }

    /** The items the first {@code maxUsers} users' histories touch, ascending: what {@link #allItemKnowledge} asks about. */
    public static List<Integer> itemsOf(PreparedData data, int maxUsers) {
        return itemsOf(data, UserShard.firstUsers(maxUsers));
    }

    /**
     * The shard's items, ascending: of the items the first {@code shard.firstUsers()} users touch,
     * every {@code count}-th, so the shards of one job split them without overlap.
     */
    public static List<Integer> itemsOf(PreparedData data, UserShard shard) {
        boolean[] seen = new boolean[data.dataset().raw().numItems() + 1];
        for (UserHistory h : data.dataset().histories().subList(0, Math.min(shard.firstUsers(), data.dataset().histories().size()))) {
            for (int item : h.items()) {
                seen[item] = true;
            }
        }
        List<Integer> items = new ArrayList<>();
        int ordinal = 0;
        for (int item = 1; item < seen.length; item++) {
            if (seen[item] && shard.takesItem(ordinal++)) {
                items.add(item);
            }
        }
        return items;
    }

    /**
     * Item knowledge for the items of the first {@code maxUsers} users; {@code onItemDone} is told
     * the number of items done so far after each one (from the worker threads, in any order).
     */
    public Map<Integer, String> allItemKnowledge(PreparedData data, int maxUsers, IntConsumer onItemDone) {
        return allItemKnowledge(data, UserShard.firstUsers(maxUsers), onItemDone);
    }

    /** Item knowledge for the shard's items ({@link #itemsOf(PreparedData, UserShard)}). */
    public Map<Integer, String> allItemKnowledge(PreparedData data, UserShard shard, IntConsumer onItemDone) {
        List<Integer> items = itemsOf(data, shard);
        AtomicInteger done = new AtomicInteger();
        List<Callable<String>> tasks = new ArrayList<>();
        for (int item : items) {
            Item it = data.dataset().raw().item(item);
            tasks.add(() -> {
                String knowledge = itemKnowledge(it);
                onItemDone.accept(done.incrementAndGet());
                return knowledge;
            });
        }
        List<String> knowledge = ParallelTasks.inOrder(settings.threads(), tasks, LLM_WORKERS);
        Map<Integer, String> out = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            out.put(items.get(i), knowledge.get(i));
        }
        return out;
    }
}
