package org.hitlbm.experiments.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitlbm.data.PipelineVersions;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.UserShard;
import org.hitlbm.data.cache.DiskCache;
import org.hitlbm.data.io.DatasetReaders;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.text.CachedTextEncoder;
import org.hitlbm.tree.hts.CrossFittedSearch;
import org.hitlbm.tree.hts.InterestTree;
import org.hitlbm.tree.hts.RatingDataBuilder;
import org.hitlbm.tree.hts.RatingExample;
import org.hitlbm.tree.hts.RatingFolds;
import org.hitlbm.tree.hts.RatingModels;
import org.hitlbm.tree.hts.SearchSettings;
import org.hitlbm.tree.hts.TreeStore;
import org.hitlbm.tree.prompt.PromptTemplates;

/**
 * HTS for every user (or one): rating data from the cascade on the training split, SRM and PRM
 * cross-fitted by user (a user's tree is searched by models that never saw that user's rows), the
 * tree search, trees stored per user under {@code paths.cache/trees/<key>}. Trees already in the
 * store are read back; when all are there, neither the cascade nor a rating model is needed.
 */
public final class TreeStage implements Stage<SearchedTrees> {
    static final TreeStage ALL_USERS = new TreeStage(null, UserShard.ALL);

    /**
     * Settings that cannot change an LLM text or a tree: how calls are made, and where the files lie (their fingerprint is in
     * the key). A fleet's URLs are replicas of llm.model, which is in the key: adding or losing one changes nothing.
     */
    static final Set<String> NOT_SHAPING = Set.of("dataset.path", "dataset.appended", "llm.concurrency", "llm.timeoutSeconds", "llm.maxRetries",
            "llm.apiKeyEnv", "llm.promptDir", "llm.serverPath", "llm.startupSeconds", "llm.baseUrls", "llm.healthCheckSeconds");

    private final Integer onlyUser;
    private final UserShard shard;
    private final TreeGrowth growth;

    private TreeStage(Integer onlyUser, UserShard shard) {
        this(onlyUser, shard, null);
    }

    private TreeStage(Integer onlyUser, UserShard shard, TreeGrowth growth) {
        this.onlyUser = onlyUser;
        this.shard = shard;
        this.growth = growth;
    }

    /**
     * Every user's tree of this config's (updated) data, grown from the earlier data's trees where
     * their leading chunks are unchanged ({@code update}); see {@link TreeGrowth}.
     */
    public static TreeStage growing(TreeGrowth growth, UserShard shard) {
        return new TreeStage(null, shard, growth);
    }

    /** Just this user's tree (the {@code tree} command), searched by the same fold's models as in the full search. */
    public static TreeStage forUser(int user) {
        return new TreeStage(user, UserShard.ALL);
    }

    /**
     * One shard's users' trees ({@code hts --shard i/n}), searched by the same folds' models as in the
     * full search: the rating data and models come from every user, as in a single process.
     */
    public static TreeStage forShard(UserShard shard) {
        return shard.isAll() ? ALL_USERS : new TreeStage(null, shard);
    }

    @Override
    public String name() {
        return "tree";
    }

    private static final List<String> SETTINGS = List.of("dataset", "chunking", "llm", "tree", "encoder");

    @Override
    public List<String> settings() {
        return SETTINGS;
    }

    /** The tree store's folder name (what the prompts say counts, not where they lie), and the one user if only one. */
    @Override
    public String cacheKey(ResolvedConfig c) {
        String promptDir = c.string("llm.promptDir");
        PromptTemplates templates = PromptTemplates.load(DatasetReaders.domain(c.string("dataset.name")),
                promptDir == null ? null : Path.of(promptDir));
        return DiskCache.key(storeKey(c, templates.contentHash())) + (onlyUser == null ? "" : "|user=" + onlyUser) + shard.key()
                + (growth == null ? "" : "|grown from " + DiskCache.key(storeKey(growth.earlierConfig(), templates.contentHash())));
    }

    @Override
    public boolean memoized() {
        return false; // trees are large; the store answers a repeat
    }

    @Override
    public SearchedTrees compute(StageContext ctx) {
        ResolvedConfig config = ctx.config();
        if ("none".equals(config.string("encoder.name"))) {
            throw new SpecException("encoder.name: the rating models need text vectors; choose an encoder other than none");
        }
        String prompts = ctx.session().prompts().templates().contentHash();
        java.util.function.Consumer<String> warnings = once(ctx.reporter());
        try (TreeStore store = store(config, prompts, warnings)) {
            if (growth == null) {
                return search(ctx, store, null);
            }
            growth.requireSameSettings(config);
            try (TreeStore before = store(growth.earlierConfig(), prompts, warnings)) {
                return search(ctx, store, before);
            }
        }
    }

    /** @param before the earlier data's store when growing its trees, else null */
    private SearchedTrees search(StageContext ctx, TreeStore store, TreeStore before) {
        ResolvedConfig config = ctx.config();
        PreparedData data = ctx.output(Pipeline.PREPARE);
        InterestSession session = ctx.session();
        CachedTextEncoder encoder = ctx.encoder();
        Reporter reporter = ctx.reporter();
        int k = config.integer("tree.historyK");
        int folds = config.integer("tree.ratingFolds");
        long ratingSeed = config.longValue("tree.seed");
        List<Integer> users = users(data, onlyUser, shard);
        List<InterestTree> stored = new ArrayList<>();
        for (int u : users) {
            storedTree(config, store, data, u).ifPresent(stored::add);
        }
        if (stored.size() == users.size()) {
            reporter.progress("hts", String.format("%d tree(s) read from %s", stored.size(), store.location()));
            return new SearchedTrees(stored, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, store.location());
        }
        java.util.function.IntFunction<InterestTree> grownFrom = before == null ? u -> null
                : growth.prepare(before, store, data, users, folds, ratingSeed);
        if (before != null) {
            TreeGrowth.Counts n = growth.counts();
            reporter.progress("hts", String.format("update from %s: %d user(s) unchanged, %d grown by their new chunks, %d searched from"
                            + " the first chunk (new, or their first chunk changed): %d new layer(s); rating models: %s", before.location(),
                    n.unchanged(), n.grown(), n.anew(), n.newLayers(), n.foldsTaken() + n.foldsWithout() == 0
                            ? "refitted on the updated data (--refit-rating-models)"
                            : n.foldsTaken() + " fold(s) taken over from the earlier run" + (n.foldsWithout() == 0 ? ""
                            : ", " + n.foldsWithout() + " fitted on the updated data (the earlier run stored none)")));
        }
        SearchSettings settings = searchSettings(config);
        RatingData rating = new RatingData(ctx, settings);
        String kind = config.string("tree.ratingModel");
        CrossFittedSearch search = new CrossFittedSearch(session.llm(), session.prompts(), encoder, () -> RatingModels.create(kind, 128),
                settings, folds, ratingSeed, config.integer("llm.concurrency"));
        long searchStart = System.nanoTime();
        CrossFittedSearch.Outcome outcome;
        try {
            outcome = search.run(data, rating::examples, rating::interests, store, users, grownFrom, (fit, of) -> reporter.progress("hts",
                    String.format("fold %d/%d: SRM/PRM %s on %d other users' rows (SRM %d train / %d val, val AUC %.4f; PRM %d / %d,"
                                    + " val AUC %.4f; SRM prior %.3f); searching its %d user(s)", fit.fold() + 1, of,
                            fit.stored() ? "read from the store, fitted" : "fitted", fit.trainUsers(), fit.srm().trainRows(),
                            fit.srm().validationRows(), fit.srm().validationAuc(), fit.prm().trainRows(), fit.prm().validationRows(),
                            fit.prm().validationAuc(), fit.srmPrior(), fit.searchedUsers())));
        } catch (CrossFittedSearch.InsufficientRatingDataException e) {
            throw new SpecException("tree.ratingFolds " + folds + ": " + e.getMessage() + "; use more users or fewer folds");
        }
        double searchSeconds = (System.nanoTime() - searchStart) / 1e9 - rating.seconds; // fits and search, not the rating data
        List<RatingExample> examples = rating.built() ? rating.examples() : List.of(); // empty: every fold's models were stored
        reporter.progress("hts", String.format("out-of-fold rating models (scored on users they never saw): SRM AUC %.4f over %d D_cont"
                        + " rows, PRM AUC %.4f over %d D_eff rows%s", outcome.srmOutOfFold(), outcome.outOfFoldRows()[0],
                outcome.prmOutOfFold(), outcome.outOfFoldRows()[1], examples.isEmpty() ? "" : String.format("; labels %.1f%% / %.1f%%"
                        + " positive", 100 * positiveRate(examples, true), 100 * positiveRate(examples, false))));
        reporter.progress("hts", String.format("searched %d user(s) in %.1fs, %d expansions per node, beam %d, %d folds; %s; trees in %s",
                outcome.trees().size() - stored.size(), searchSeconds, settings.expansions(), settings.beamWidth(), folds,
                session.stats(), store.location()));
        session.warnGuards(reporter);
        return new SearchedTrees(outcome.trees(), examples.size(), positiveRate(examples, true), positiveRate(examples, false),
                outcome.srmOutOfFold(), outcome.prmOutOfFold(), searchSeconds, outcome.modelSeconds(), store.location());
    }

    /**
     * The cascade interests and the rating data built on them, made at the first ask: a search whose
     * folds' rating models are all in the store needs neither.
     */
    private static final class RatingData {
        private final StageContext ctx;
        private final SearchSettings settings;
        private Map<Integer, List<String>> interests;
        private List<RatingExample> examples;
        private double seconds;

        RatingData(StageContext ctx, SearchSettings settings) {
            this.ctx = ctx;
            this.settings = settings;
        }

        boolean built() {
            return examples != null;
        }

        Map<Integer, List<String>> interests() {
            if (interests == null) {
                long start = System.nanoTime();
                interests = ctx.output(Pipeline.INTERESTS).texts();
                seconds += (System.nanoTime() - start) / 1e9;
            }
            return interests;
        }

        List<RatingExample> examples() {
            if (examples != null) {
                return examples;
            }
            ResolvedConfig config = ctx.config();
            InterestSession session = ctx.session();
            Reporter reporter = ctx.reporter();
            Map<Integer, List<String>> cascade = interests();
            long start = System.nanoTime();
            int ratingCandidates = config.integer("tree.ratingCandidates");
            List<RatingExample> built = new RatingDataBuilder(session.llm(), session.prompts(), config.integer("tree.evalItemsPerClass"),
                    config.integer("tree.historyK"), config.longValue("tree.seed"), ratingCandidates, settings)
                    .build(ctx.output(Pipeline.PREPARE), cascade);
            reporter.progress("hts", String.format("rating data: %d rated interests (%d chunks x (cascade + %d candidates)) from the"
                            + " training split in %.1fs (%s)", built.size(), built.stream().filter(e -> e.sample() < 0).count(),
                    ratingCandidates, (System.nanoTime() - start) / 1e9, session.stats()));
            session.warnGuards(reporter);
            if (built.stream().noneMatch(e -> e.continuity() >= 0) || built.stream().noneMatch(e -> e.effectiveness() >= 0)) {
                throw new SpecException("no rating data for SRM/PRM: " + built.size() + " chunk samples; a sample needs chunks t and"
                        + " t+1 inside the training period, a previous chunk (SRM), and liked and not-liked items in t+1."
                        + " Use more users, or smaller chunks (chunking.size)");
            }
            examples = built;
            seconds += (System.nanoTime() - start) / 1e9;
            return built;
        }
    }

    /** The tree store of this config's settings and prompts. */
    static TreeStore store(ResolvedConfig config, String promptsHash, java.util.function.Consumer<String> warnings) {
        String name = DiskCache.key(storeKey(config, promptsHash));
        String server = InterestSession.serverStore(config);
        return server != null ? TreeStore.onServer(server, InterestSession.serverPassword(config), name, warnings)
                : new TreeStore(Path.of(config.string("paths.cache")).resolve("trees").resolve(name), warnings);
    }

    /** User {@code u}'s stored tree, if it was searched by the rating models of that user's fold under this config. */
    static java.util.Optional<InterestTree> storedTree(ResolvedConfig config, TreeStore store, PreparedData data, int u) {
        int id = data.dataset().histories().get(u).user();
        int folds = config.integer("tree.ratingFolds");
        long ratingSeed = config.longValue("tree.seed");
        return store.load(id, data.chunks().get(u).count()).filter(t -> t.fold() == RatingFolds.of(id, folds, ratingSeed));
    }

    static SearchSettings searchSettings(ResolvedConfig config) {
        return new SearchSettings(config.integer("tree.expansions"), config.integer("tree.beamWidth"), config.number("tree.alpha"),
                config.integer("tree.historyK"), config.number("llm.candidateTemperature"), config.integer("llm.maxTokens"),
                config.longValue("llm.seed"), SearchSettings.FirstLayer.parse(config.string("tree.firstLayerContinuity")));
    }

    private static List<Integer> users(PreparedData data, Integer onlyUser, UserShard shard) {
        List<Integer> indices = new ArrayList<>();
        for (int u = 0; u < data.dataset().histories().size(); u++) {
            if ((onlyUser == null || data.dataset().histories().get(u).user() == onlyUser) && shard.takesUser(u)) {
                indices.add(u);
            }
        }
        if (onlyUser != null && indices.isEmpty()) {
            throw new SpecException("--user " + onlyUser + ": no such user after preprocessing");
        }
        return indices;
    }

    private static double positiveRate(List<RatingExample> examples, boolean continuity) {
        return examples.stream().mapToInt(e -> continuity ? e.continuity() : e.effectiveness()).filter(l -> l >= 0)
                .average().orElse(Double.NaN);
    }

    /**
     * Everything that shapes a tree: the stages' versions, the data's files, chunking, LLM, tree and
     * encoder settings, and what the prompts say (their content hash, not the folder's name).
     */
    static String storeKey(ResolvedConfig c, String promptsHash) {
        return "trees|interests" + PipelineVersions.INTERESTS + "|trees" + PipelineVersions.TREES + "|data" + PipelineVersions.DATA
                + "|files=" + DataSource.from(c).contentFingerprint() + "|prompts=" + promptsHash
                + Pipeline.settingsKey(c, NOT_SHAPING, SETTINGS);
    }

    /** Each warning once: the store is read before the search and again by it. */
    private static java.util.function.Consumer<String> once(Reporter reporter) {
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return w -> {
            if (seen.add(w)) {
                reporter.warn(w);
            }
        };
    }
}
