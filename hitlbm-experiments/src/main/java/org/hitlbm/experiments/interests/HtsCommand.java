package org.hitlbm.experiments.interests;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.cache.DiskCache;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.experiments.run.DataLoader;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.fusion.encode.CachedTextEncoder;
import org.hitlbm.fusion.encode.Encoders;
import org.hitlbm.fusion.encode.VectorCache;
import org.hitlbm.tree.hts.InterestTree;
import org.hitlbm.tree.hts.RatingDataBuilder;
import org.hitlbm.tree.hts.RatingExample;
import org.hitlbm.tree.hts.RatingModel;
import org.hitlbm.tree.hts.RatingModels;
import org.hitlbm.tree.hts.RatingTrainer;
import org.hitlbm.tree.hts.SearchSettings;
import org.hitlbm.tree.hts.TreePage;
import org.hitlbm.tree.hts.TreeSearch;
import org.hitlbm.tree.hts.TreeStore;
import org.hitlbm.tree.llm.LlmException;

/**
 * HTS end to end for one config: cascade interests (cached), rating data on the training split,
 * SRM and PRM, the tree search for every user (or one), trees stored per user; on synthetic data,
 * how often the chosen candidate is closer to the true interest than a random sibling.
 */
public final class HtsCommand {
    private final PrintStream out;

    public HtsCommand(PrintStream out) {
        this.out = out;
    }

    /** What a search produced, for the caller and tests. */
    public record Result(int examples, double contPositiveRate, double effPositiveRate, double srmAuc, double prmAuc, int users,
                         double searchSeconds, double chosenCloserRate, int comparisons, Path treeDir) {
    }

    /** @param onlyUser search just this user (the {@code tree} command), or null for all */
    public Result run(ResolvedConfig config, Integer onlyUser, Path htmlOut) {
        if (!config.bool("tree.enabled")) {
            throw new SpecException("tree.enabled is false: nothing to search");
        }
        PreparedData data = new DataLoader(out::println).load(config);
        long seed = config.longValue("llm.seed");
        Path cacheDir = Path.of(config.string("paths.cache"));
        try (InterestSession session = new InterestSession(config, data);
             VectorCache vectors = VectorCache.open(cacheDir.resolve("vectors.sqlite"));
             CachedTextEncoder encoder = new CachedTextEncoder(Encoders.byName(config.string("encoder.name")), vectors)) {
            Searched searched = searchTrees(config, data, session, encoder, onlyUser);
            List<InterestTree> trees = searched.trees();
            SyntheticTruthCheck.Outcome byProfile = null;
            if (data.dataset().raw().truth().isPresent() && !trees.isEmpty()) {
                byProfile = SyntheticTruthCheck.byGenreProfile(data, trees, seed);
                SyntheticTruthCheck.Outcome byCosine = SyntheticTruthCheck.byEncoderCosine(data, trees, encoder, seed);
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
                    byProfile == null ? 0 : byProfile.decided(), searched.treeDir());
        }
    }

    /**
     * The trees of the search step, with what built them (NaN for rating figures when every tree
     * came from the store and no rating model had to be trained).
     */
    public record Searched(List<InterestTree> trees, int examples, double contPositiveRate, double effPositiveRate, double srmAuc,
                           double prmAuc, double searchSeconds, Path treeDir) {
    }

    /**
     * Cascade interests, rating data, SRM/PRM and the search, for every user (or one). Trees already
     * in the store are read back; when all are there, no rating model is trained at all.
     */
    public Searched searchTrees(ResolvedConfig config, PreparedData data, InterestSession session, CachedTextEncoder encoder,
                                Integer onlyUser) {
        if ("none".equals(config.string("encoder.name"))) {
            throw new SpecException("encoder.name: the rating models need text vectors; choose an encoder other than none");
        }
        long seed = config.longValue("llm.seed");
        int k = config.integer("tree.historyK");
        TreeStore store = new TreeStore(Path.of(config.string("paths.cache")).resolve("trees").resolve(DiskCache.key(storeKey(config))));
        List<Integer> users = users(data, onlyUser);
        List<InterestTree> stored = new ArrayList<>();
        for (int u : users) {
            store.load(data.dataset().histories().get(u).user()).ifPresent(stored::add);
        }
        if (stored.size() == users.size()) {
            out.printf("[hts] %d tree(s) read from %s%n", stored.size(), store.dir());
            return new Searched(stored, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, store.dir());
        }
        long start = System.nanoTime();
        Map<Integer, List<String>> interests = session.cascade().allInterests(data, n -> { });
        SearchSettings settings = new SearchSettings(config.integer("tree.expansions"), config.integer("tree.beamWidth"),
                config.number("tree.alpha"), k, config.number("llm.candidateTemperature"), config.integer("llm.maxTokens"), seed);
        int ratingCandidates = config.integer("tree.ratingCandidates");
        List<RatingExample> examples = new RatingDataBuilder(session.llm(), session.prompts(),
                config.integer("tree.evalItemsPerClass"), k, seed, ratingCandidates, settings).build(data, interests);
        out.printf("[hts] rating data: %d rated interests (%d chunks x (cascade + %d candidates)) from the training split in %.1fs (%s)%n",
                examples.size(), examples.stream().filter(e -> e.sample() < 0).count(), ratingCandidates,
                (System.nanoTime() - start) / 1e9, session.llm().stats());
        if (examples.stream().noneMatch(e -> e.continuity() >= 0) || examples.stream().noneMatch(e -> e.effectiveness() >= 0)) {
            throw new SpecException("no rating data for SRM/PRM: " + examples.size() + " chunk samples; a sample needs chunks t and"
                    + " t+1 inside the training period, a previous chunk (SRM), and liked and not-liked items in t+1."
                    + " Use more users, or smaller chunks (chunking.size)");
        }
        RatingModel srm = RatingModels.create(config.string("tree.ratingModel"), 128);
        RatingModel prm = RatingModels.create(config.string("tree.ratingModel"), 128);
        RatingTrainer.Trained trained = new RatingTrainer(encoder, k).fit(examples, interests, srm, prm, seed);
        out.printf("[hts] SRM: %d train / %d val rows, continuity labels %.1f%% positive, val AUC %.4f%n", trained.srm().trainRows(),
                trained.srm().validationRows(), 100 * trained.srm().positiveRate(), trained.srm().validationAuc());
        out.printf("[hts] PRM: %d train / %d val rows, effectiveness labels %.1f%% positive, val AUC %.4f%n", trained.prm().trainRows(),
                trained.prm().validationRows(), 100 * trained.prm().positiveRate(), trained.prm().validationAuc());
        TreeSearch search = new TreeSearch(session.llm(), session.prompts(), encoder, srm, prm, settings);
        long searchStart = System.nanoTime();
        List<InterestTree> trees = searchAll(data, search, store, users, config.integer("llm.concurrency"));
        double searchSeconds = (System.nanoTime() - searchStart) / 1e9;
        out.printf("[hts] searched %d user(s) in %.1fs, %d expansions per node, beam %d; %s; trees in %s%n", trees.size(), searchSeconds,
                settings.expansions(), settings.beamWidth(), session.llm().stats(), store.dir());
        return new Searched(trees, examples.size(), positiveRate(examples, true), positiveRate(examples, false),
                trained.srm().validationAuc(), trained.prm().validationAuc(), searchSeconds, store.dir());
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

    private List<InterestTree> searchAll(PreparedData data, TreeSearch search, TreeStore store, List<Integer> indices, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<InterestTree>> futures = new ArrayList<>();
            for (int u : indices) {
                UserHistory h = data.dataset().histories().get(u);
                futures.add(pool.submit(() -> store.load(h.user()).orElseGet(() -> {
                    InterestTree tree = search.search(h, data.chunks().get(u), data.dataset().raw().user(h.user()).rawId());
                    store.save(tree);
                    return tree;
                })));
            }
            List<InterestTree> trees = new ArrayList<>();
            for (Future<InterestTree> f : futures) {
                trees.add(f.get());
            }
            return trees;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException("search interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new LlmException(e.getCause().getMessage(), e.getCause());
        } finally {
            org.hitlbm.tree.cube.CubeCascade.stop(pool);
        }
    }

    private static double positiveRate(List<RatingExample> examples, boolean continuity) {
        return examples.stream().mapToInt(e -> continuity ? e.continuity() : e.effectiveness()).filter(l -> l >= 0)
                .average().orElse(Double.NaN);
    }

    /** Everything that shapes a tree: data, chunking, LLM, tree and encoder settings. */
    private static String storeKey(ResolvedConfig c) {
        return "trees-v1" + c.settingsKey("dataset.", "chunking.", "llm.", "tree.", "encoder.");
    }
}
