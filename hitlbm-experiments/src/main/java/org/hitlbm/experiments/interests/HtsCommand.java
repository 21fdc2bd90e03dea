package org.hitlbm.experiments.interests;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.PipelineVersions;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.cache.DiskCache;
import org.hitlbm.experiments.run.DataLoader;
import org.hitlbm.experiments.run.DataSource;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.text.CachedTextEncoder;
import org.hitlbm.text.Encoders;
import org.hitlbm.text.VectorCache;
import org.hitlbm.tree.hts.CrossFittedSearch;
import org.hitlbm.tree.hts.InterestTree;
import org.hitlbm.tree.hts.RatingDataBuilder;
import org.hitlbm.tree.hts.RatingExample;
import org.hitlbm.tree.hts.RatingFolds;
import org.hitlbm.tree.hts.RatingModels;
import org.hitlbm.tree.hts.SearchSettings;
import org.hitlbm.tree.hts.TreePage;
import org.hitlbm.tree.hts.TreeStore;

/**
 * HTS end to end for one config: cascade interests (cached), rating data on the training split,
 * SRM and PRM cross-fitted by user (a user's tree is searched by models that never saw that user's
 * rows), the tree search for every user (or one), trees stored per user; on synthetic data, how
 * often the chosen candidate is closer to the true interest than a random sibling (out-of-sample).
 */
public final class HtsCommand {
    private final PrintStream out;

    public HtsCommand(PrintStream out) {
        this.out = out;
    }

    /**
     * What a search produced, for the caller and tests.
     *
     * @param srmAuc out-of-fold AUC of the SRMs: each scored on the rows of users it never saw
     * @param prmAuc the same for the PRMs
     * @param chosenCloserRate out-of-sample win rate of the chosen candidate over a random sibling
     *                         by genre profile (synthetic data), with its comparisons and p-value
     */
    public record Result(int examples, double contPositiveRate, double effPositiveRate, double srmAuc, double prmAuc, int users,
                         double searchSeconds, double chosenCloserRate, int comparisons, double signTestP, Path treeDir) {
    }

    /** @param onlyUser search just this user (the {@code tree} command), or null for all */
    public Result run(ResolvedConfig config, Integer onlyUser, Path htmlOut) {
        if (!config.bool("tree.enabled")) {
            throw new SpecException("tree.enabled is false: nothing to search");
        }
        PreparedData data = new DataLoader(out::println).load(config);
        Path cacheDir = Path.of(config.string("paths.cache"));
        try (InterestSession session = new InterestSession(config, data);
             VectorCache vectors = VectorCache.open(cacheDir.resolve("vectors.sqlite"), out::println);
             CachedTextEncoder encoder = new CachedTextEncoder(Encoders.byName(config.string("encoder.name")), vectors)) {
            Searched searched = searchTrees(config, data, session, encoder, onlyUser);
            List<InterestTree> trees = searched.trees();
            SyntheticTruthCheck.Outcome byProfile = null;
            if (data.dataset().raw().truth().isPresent() && !trees.isEmpty()) {
                // each tree was searched by rating models that never saw its user (cross-fitting): every comparison is out-of-sample
                long seed = config.longValue("tree.seed");
                int folds = config.integer("tree.ratingFolds");
                java.util.function.Predicate<InterestTree> outOfSample = t -> t.fold() == RatingFolds.of(t.user(), folds, seed);
                byProfile = SyntheticTruthCheck.byGenreProfile(data, trees, outOfSample, seed);
                SyntheticTruthCheck.Outcome byCosine = SyntheticTruthCheck.byEncoderCosine(data, trees, outOfSample, encoder, seed);
                for (SyntheticTruthCheck.Outcome o : List.of(byProfile, byCosine)) {
                    if (o.decided() > 0) {
                        out.println("[hts] synthetic truth: " + o.describe());
                    }
                }
            }
            if (htmlOut != null && !trees.isEmpty()) {
                TreePage.write(trees.get(0), htmlOut);
                out.println("[hts] tree page: " + htmlOut.toAbsolutePath());
            }
            return new Result(searched.examples(), searched.contPositiveRate(), searched.effPositiveRate(), searched.srmAuc(),
                    searched.prmAuc(), trees.size(), searched.searchSeconds(), byProfile == null ? Double.NaN : byProfile.winRate(),
                    byProfile == null ? 0 : byProfile.decided(), byProfile == null ? Double.NaN : byProfile.pValue(), searched.treeDir());
        }
    }

    /**
     * The trees of the search step, with what built them (NaN for rating figures when every tree
     * came from the store and no rating model had to be trained).
     *
     * @param srmAuc out-of-fold AUC of the SRMs (rows of users each model never saw)
     * @param prmAuc out-of-fold AUC of the PRMs
     */
    public record Searched(List<InterestTree> trees, int examples, double contPositiveRate, double effPositiveRate, double srmAuc,
                           double prmAuc, double searchSeconds, Path treeDir) {
    }

    /**
     * Cascade interests, rating data, SRM/PRM per fold and the cross-fitted search, for every user
     * (or one). Trees already in the store are read back; when all are there, no rating model is
     * trained at all.
     */
    public Searched searchTrees(ResolvedConfig config, PreparedData data, InterestSession session, CachedTextEncoder encoder,
                                Integer onlyUser) {
        if ("none".equals(config.string("encoder.name"))) {
            throw new SpecException("encoder.name: the rating models need text vectors; choose an encoder other than none");
        }
        int k = config.integer("tree.historyK");
        int folds = config.integer("tree.ratingFolds");
        long ratingSeed = config.longValue("tree.seed");
        TreeStore store = new TreeStore(Path.of(config.string("paths.cache")).resolve("trees")
                .resolve(DiskCache.key(storeKey(config, session.prompts().templates().contentHash()))), once(out::println));
        List<Integer> users = users(data, onlyUser);
        List<InterestTree> stored = new ArrayList<>();
        for (int u : users) {
            int id = data.dataset().histories().get(u).user();
            store.load(id, data.chunks().get(u).count()).filter(t -> t.fold() == RatingFolds.of(id, folds, ratingSeed))
                    .ifPresent(stored::add);
        }
        if (stored.size() == users.size()) {
            out.printf("[hts] %d tree(s) read from %s%n", stored.size(), store.dir());
            return new Searched(stored, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, store.dir());
        }
        long start = System.nanoTime();
        Map<Integer, List<String>> interests = session.cascade().allInterests(data, n -> { });
        SearchSettings settings = new SearchSettings(config.integer("tree.expansions"), config.integer("tree.beamWidth"),
                config.number("tree.alpha"), k, config.number("llm.candidateTemperature"), config.integer("llm.maxTokens"),
                config.longValue("llm.seed"), SearchSettings.FirstLayer.parse(config.string("tree.firstLayerContinuity")));
        int ratingCandidates = config.integer("tree.ratingCandidates");
        List<RatingExample> examples = new RatingDataBuilder(session.llm(), session.prompts(),
                config.integer("tree.evalItemsPerClass"), k, ratingSeed, ratingCandidates, settings).build(data, interests);
        out.printf("[hts] rating data: %d rated interests (%d chunks x (cascade + %d candidates)) from the training split in %.1fs (%s)%n",
                examples.size(), examples.stream().filter(e -> e.sample() < 0).count(), ratingCandidates,
                (System.nanoTime() - start) / 1e9, session.llm().stats());
        if (examples.stream().noneMatch(e -> e.continuity() >= 0) || examples.stream().noneMatch(e -> e.effectiveness() >= 0)) {
            throw new SpecException("no rating data for SRM/PRM: " + examples.size() + " chunk samples; a sample needs chunks t and"
                    + " t+1 inside the training period, a previous chunk (SRM), and liked and not-liked items in t+1."
                    + " Use more users, or smaller chunks (chunking.size)");
        }
        String kind = config.string("tree.ratingModel");
        CrossFittedSearch search = new CrossFittedSearch(session.llm(), session.prompts(), encoder, () -> RatingModels.create(kind, 128),
                settings, folds, ratingSeed, config.integer("llm.concurrency"));
        long searchStart = System.nanoTime();
        CrossFittedSearch.Outcome outcome;
        try {
            outcome = search.run(data, examples, interests, store, users, (fit, of) -> out.printf(
                    "[hts] fold %d/%d: SRM/PRM fitted on %d other users' rows (SRM %d train / %d val, val AUC %.4f; PRM %d / %d,"
                            + " val AUC %.4f; SRM prior %.3f); searching its %d user(s)%n", fit.fold() + 1, of, fit.trainUsers(),
                    fit.srm().trainRows(), fit.srm().validationRows(), fit.srm().validationAuc(), fit.prm().trainRows(),
                    fit.prm().validationRows(), fit.prm().validationAuc(), fit.srmPrior(), fit.searchedUsers()));
        } catch (CrossFittedSearch.InsufficientRatingDataException e) {
            throw new SpecException("tree.ratingFolds " + folds + ": " + e.getMessage() + "; use more users or fewer folds");
        }
        double searchSeconds = (System.nanoTime() - searchStart) / 1e9;
        out.printf("[hts] out-of-fold rating models (scored on users they never saw): SRM AUC %.4f over %d D_cont rows, PRM AUC %.4f over"
                        + " %d D_eff rows; labels %.1f%% / %.1f%% positive%n", outcome.srmOutOfFold(), outcome.outOfFoldRows()[0],
                outcome.prmOutOfFold(), outcome.outOfFoldRows()[1], 100 * positiveRate(examples, true), 100 * positiveRate(examples, false));
        out.printf("[hts] searched %d user(s) in %.1fs, %d expansions per node, beam %d, %d folds; %s; trees in %s%n",
                outcome.trees().size() - stored.size(), searchSeconds, settings.expansions(), settings.beamWidth(), folds,
                session.llm().stats(), store.dir());
        return new Searched(outcome.trees(), examples.size(), positiveRate(examples, true), positiveRate(examples, false),
                outcome.srmOutOfFold(), outcome.prmOutOfFold(), searchSeconds, store.dir());
    }

    private static List<Integer> users(PreparedData data, Integer onlyUser) {
        List<Integer> indices = new ArrayList<>();
        for (int u = 0; u < data.dataset().histories().size(); u++) {
            if (onlyUser == null || data.dataset().histories().get(u).user() == onlyUser) {
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

    /** Settings that cannot change a tree: how calls are made, and where the files lie (their fingerprint is in the key). */
    static final java.util.Set<String> NOT_IN_TREE_KEY = java.util.Set.of("dataset.path", "llm.concurrency", "llm.timeoutSeconds",
            "llm.maxRetries", "llm.apiKeyEnv", "llm.promptDir");

    /**
     * Everything that shapes a tree: the stages' versions, the data's files, chunking, LLM, tree and
     * encoder settings, and what the prompts say (their content hash, not the folder's name).
     */
    static String storeKey(ResolvedConfig c, String promptsHash) {
        return "trees|interests" + PipelineVersions.INTERESTS + "|trees" + PipelineVersions.TREES + "|data" + PipelineVersions.DATA
                + "|files=" + DataSource.from(c).contentFingerprint() + "|prompts=" + promptsHash
                + c.settingsKeyWithout(NOT_IN_TREE_KEY, "dataset.", "chunking.", "llm.", "tree.", "encoder.");
    }

    /** Each warning once: the store is read before the search and again by it. */
    private static java.util.function.Consumer<String> once(java.util.function.Consumer<String> sink) {
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return w -> {
            if (seen.add(w)) {
                sink.accept(w);
            }
        };
    }
}
