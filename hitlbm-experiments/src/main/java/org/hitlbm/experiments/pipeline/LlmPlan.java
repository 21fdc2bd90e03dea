package org.hitlbm.experiments.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.tree.cache.LlmCallCache;
import org.hitlbm.tree.cube.CubeCascade;
import org.hitlbm.tree.hts.RatingDataBuilder;
import org.hitlbm.tree.hts.SearchSettings;
import org.hitlbm.tree.hts.TreeSearch;
import org.hitlbm.tree.hts.TreeStore;
import org.hitlbm.tree.llm.GgufIdentity;
import org.hitlbm.tree.llm.GuardedLlmClient;
import org.hitlbm.tree.llm.LlmSettings;
import org.hitlbm.tree.llm.offline.OfflineProfiler;
import org.hitlbm.tree.prompt.Prompts;

/**
 * What a run of a config will ask its LLM, before anything runs: calls and tokens per stage
 * (cascade, item knowledge, rating data, Best-of-N search) and how many of them the call cache
 * already answers. The cascade, the item knowledge and the rating data are replayed through the
 * same code a run uses, against {@link PlanningClient}: cached answers are followed, so the prompts
 * after them are exact, and the call counts are the run's own. The search is counted from its
 * shape (users x layers x kept nodes x expansions): its prompts after the first layer depend on
 * rating models fitted from the answers, so only the first layer's and those of trees already in
 * the store are checked against the cache. Assumes no output-guard retries (each is one more call).
 */
public final class LlmPlan {
    /** The stages in the order a run reaches them. */
    public static final List<String> STAGES = List.of("cascade", "segments", "recent", "item knowledge", "rating data", "search");

    /**
     * How to price a call still to do.
     *
     * @param charsPerToken    prompt characters per token
     * @param generationTokens completion tokens of one generation (capped at the call's limit)
     * @param generationChars  characters of one generated text (placeholders the later prompts quote)
     * @param source           where the figures come from, for the report
     */
    public record Estimates(double charsPerToken, int generationTokens, int generationChars, String source) {
        long promptTokens(long chars) {
            return Math.round(chars / charsPerToken);
        }
    }

    /**
     * One stage's calls; tokens are of the calls still to do, {@code reusableTokens} of their prompt
     * tokens a prefix cache (llama.cpp's server, vLLM's prefix caching) need not read again because
     * the previous call of the same kind (generation or Yes/No) shares them.
     */
    public record StageLine(String stage, long calls, long cached, long promptTokens, long reusableTokens, long completionTokens) {
        public long toDo() {
            return calls - cached;
        }

        /** Seconds for the calls still to do at {@code prompt} and {@code generated} tokens per second, every prompt read whole. */
        public double seconds(double prompt, double generated) {
            return promptTokens / prompt + completionTokens / generated;
        }

        /** The same with a prefix cache: the shared prefixes are read once. */
        public double secondsWithPrefixCache(double prompt, double generated) {
            return (promptTokens - reusableTokens) / prompt + completionTokens / generated;
        }
    }

    /** The plan: per stage, and what it rests on. */
    public record Result(String backend, String model, int users, long chunks, List<StageLine> stages, Estimates estimates,
                         List<String> notes) {
        public StageLine total() {
            return new StageLine("total", stages.stream().mapToLong(StageLine::calls).sum(), stages.stream().mapToLong(StageLine::cached).sum(),
                    stages.stream().mapToLong(StageLine::promptTokens).sum(), stages.stream().mapToLong(StageLine::reusableTokens).sum(),
                    stages.stream().mapToLong(StageLine::completionTokens).sum());
        }

        public Optional<StageLine> stage(String name) {
            return stages.stream().filter(s -> s.stage().equals(name)).findFirst();
        }
    }

    private LlmPlan() {
    }

    /**
     * @param completionTokens tokens of one generation when known (--completion-tokens); null = the
     *                         mean of this model's cached generations, else llm.maxTokens (an upper bound)
     */
    public static Result plan(ResolvedConfig config, PreparedData data, Integer completionTokens) {
        LlmSettings settings = InterestSession.settings(config);
        String backend = settings.backend();
        String model = identity(settings);
        Path cacheFile = Path.of(config.string("paths.cache")).resolve("llm.sqlite");
        List<String> notes = new ArrayList<>();
        long chunks = data.chunks().stream().mapToLong(UserChunks::count).sum();
        if ("none".equals(config.string("fusion.name"))) {
            notes.add("fusion.name none: the backbone alone, no LLM call");
            return new Result(backend, model, data.dataset().numUsers(), chunks, List.of(), estimates(null, backend, model, config,
                    completionTokens), notes);
        }
        boolean onServer = InterestSession.serverStore(config) != null;
        try (LlmCallCache cache = onServer || Files.exists(cacheFile) ? InterestSession.openCache(config) : null) {
            Estimates estimates = estimates(cache, backend, model, config, completionTokens);
            PlanningClient planning = new PlanningClient(cache, backend, model, estimates);
            GuardedLlmClient llm = new GuardedLlmClient(planning, InterestSession.guards(config));
            Prompts prompts = InterestSession.prompts(config, data);
            CubeCascade cascade = new CubeCascade(llm, prompts, InterestSession.cubeSettings(config));
            List<String> used = new ArrayList<>();
            switch (config.string("fusion.interests")) {
                case "hts" -> {
                    boolean[] stored = new boolean[data.dataset().histories().size()];
                    boolean modelsStored = true; // of every fold with a user to search
                    java.util.Set<Integer> foldsChecked = new java.util.HashSet<>(); // each fold's models read once, not per user
                    try (TreeStore store = TreeStage.store(config, prompts.templates().contentHash(), w -> { })) {
                        for (int u = 0; u < stored.length; u++) {
                            stored[u] = TreeStage.storedTree(config, store, data, u).isPresent();
                            int fold = org.hitlbm.tree.hts.RatingFolds.of(data.dataset().histories().get(u).user(),
                                    config.integer("tree.ratingFolds"), config.longValue("tree.seed"));
                            if (!stored[u] && modelsStored && foldsChecked.add(fold)) {
                                modelsStored = store.ratingModels(fold) != null;
                            }
                        }
                    }
                    boolean allStored = true;
                    for (boolean s : stored) {
                        allStored &= s;
                    }
                    SearchSettings search = TreeStage.searchSettings(config);
                    if (allStored) {
                        notes.add("every user's tree is in the store: the run asks neither the cascade nor the rating data");
                    } else if (modelsStored) {
                        notes.add("the rating models of every fold to search are in the store: the run asks neither the cascade nor the"
                                + " rating data");
                    } else {
                        planning.stage("cascade");
                        Map<Integer, List<String>> interests = cascade.allInterests(data, n -> { });
                        planning.stage("rating data");
                        new RatingDataBuilder(llm, prompts, config.integer("tree.evalItemsPerClass"), config.integer("tree.historyK"),
                                config.longValue("tree.seed"), config.integer("tree.ratingCandidates"), search).build(data, interests);
                        used.add("cascade");
                        used.add("rating data");
                    }
                    countSearch(data, prompts, search, stored, planning, estimates);
                    used.add("search");
                    if (!allStored) {
                        notes.add("search: after the first layer the prompts depend on the rating models, so calls of users without"
                                + " a stored tree are counted as to do from layer 2 on, their prompts priced with a placeholder parent");
                    }
                }
                case "cube" -> {
                    planning.stage("cascade");
                    cascade.allInterests(data, n -> { });
                    used.add("cascade");
                }
                case "segments" -> {
                    planning.stage("segments");
                    cascade.forAllUsers(data, Integer.MAX_VALUE, cascade::segmentInterests, n -> { });
                    used.add("segments");
                }
                case "recent" -> {
                    planning.stage("recent");
                    int window = config.integer("fusion.recentWindow");
                    cascade.forAllUsers(data, Integer.MAX_VALUE, (h, c) -> cascade.recentInterests(h, c, window), n -> { });
                    used.add("recent");
                }
                default -> throw new SpecException("fusion.interests " + config.string("fusion.interests")
                        + ": plan knows hts, cube, segments and recent");
            }
            planning.stage("item knowledge");
            cascade.allItemKnowledge(data);
            used.add("item knowledge");
            List<StageLine> lines = new ArrayList<>();
            for (String stage : STAGES) {
                if (used.contains(stage)) {
                    PlanningClient.Tally t = planning.tally(stage);
                    lines.add(new StageLine(stage, t.calls.get(), t.cached.get(), t.promptTokens.get(), t.reusableTokens.get(),
                            t.completionTokens.get()));
                }
            }
            return new Result(backend, model, data.dataset().numUsers(), chunks, lines, estimates, notes);
        }
    }

    /** Layer t asks E children of each kept node: 1 node at the root, then min(beam, nodes of the layer before). */
    private static void countSearch(PreparedData data, Prompts prompts, SearchSettings search, boolean[] stored,
                                    PlanningClient planning, Estimates estimates) {
        PlanningClient.Tally tally = planning.tally("search");
        String placeholder = placeholderText(estimates.generationChars());
        long completion = Math.min(search.maxTokens(), estimates.generationTokens());
        planning.stage("search");
        for (int u = 0; u < stored.length; u++) {
            UserHistory h = data.dataset().histories().get(u);
            UserChunks c = data.chunks().get(u);
            long parents = 1;
            for (int t = 0; t < c.count(); t++) {
                long calls = parents * search.expansions();
                if (stored[u]) {
                    tally.add(calls, calls, 0, 0, 0);
                } else if (t == 0) {
                    String prompt = prompts.interest(h, c, 0, null);
                    for (int s = 0; s < search.expansions(); s++) {
                        planning.generate(prompt, TreeSearch.sampleSeed(search.seed(), h.user(), 0, s), search.temperature(),
                                search.maxTokens()); // tallied under "search" by the planning client
                    }
                } else {
                    // each kept node's prompt once, then its other children from the prefix cache whole
                    String prompt = prompts.interest(h, c, t, placeholder);
                    long tokens = estimates.promptTokens(prompt.length());
                    long reusable = planning.reusable(prompt, PlanningClient.GENERATE) + (calls - parents) * tokens
                            + (parents - 1) * estimates.promptTokens(PlanningClient.commonPrefix(prompt, placeholderParent(prompts, h, c, t)));
                    tally.add(calls, 0, tokens * calls, reusable, completion * calls);
                }
                parents = Math.min(search.beamWidth(), calls);
            }
        }
    }

    static Estimates estimates(LlmCallCache cache, String backend, String model, ResolvedConfig config, Integer completionTokens) {
        int maxTokens = config.integer("llm.maxTokens");
        LlmCallCache.TokenStatistics stats = cache == null ? null : cache.tokenStatistics(backend, model);
        boolean measured = stats != null && stats.generations() > 0;
        double charsPerToken = measured ? stats.charsPerToken() : 4.0;
        int tokens = completionTokens != null ? completionTokens : measured ? (int) Math.round(stats.meanCompletionTokens()) : maxTokens;
        int chars = measured && completionTokens == null ? (int) Math.round(stats.meanCompletionChars())
                : (int) Math.round(tokens * charsPerToken);
        String source = measured
                ? String.format("%.2f prompt characters per token and %s from %,d cached generations of this model", charsPerToken,
                        completionTokens != null ? completionTokens + " tokens per generation (given)"
                                : String.format("%.0f tokens per generation", stats.meanCompletionTokens()), stats.generations())
                : "4 characters per token (no cached generation of this model to measure) and " + tokens + " tokens per generation ("
                        + (completionTokens != null ? "given" : "llm.maxTokens, an upper bound; --completion-tokens sets it") + ")";
        return new Estimates(charsPerToken, tokens, chars, source);
    }

    /** The prompt of a sibling parent: another placeholder, so only the part before the parent is shared. */
    private static String placeholderParent(Prompts prompts, UserHistory h, UserChunks c, int t) {
        return prompts.interest(h, c, t, "another parent");
    }

    /**
     * Text of about {@code chars} characters standing for an interest the LLM has not written yet;
     * its words are all distinct, so the output guards take it for a usable text.
     */
    static String placeholderText(int chars) {
        StringBuilder b = new StringBuilder(Math.max(0, chars) + 16);
        for (int i = 1; b.length() < Math.max(chars, 1); i++) {
            b.append("interest").append(i).append(' ');
        }
        return b.toString().strip();
    }

    /** The backend's identity as the cache keys name it, without opening the backend (no model is loaded). */
    static String identity(LlmSettings s) {
        return switch (s.backend()) {
            case "offline" -> OfflineProfiler.MODEL;
            case "openai" -> s.model();
            default -> {
                if (s.modelPath() == null) {
                    throw new SpecException("llm.modelPath: required for llm.backend " + s.backend());
                }
                yield GgufIdentity.of(s.modelPath(), s.backend());
            }
        };
    }
}
