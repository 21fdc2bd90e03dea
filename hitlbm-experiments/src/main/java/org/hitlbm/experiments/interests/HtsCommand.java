package org.hitlbm.experiments.interests;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hitlbm.data.GroundTruth;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.cache.DiskCache;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.experiments.run.DataLoader;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.fusion.encode.CachedTextEncoder;
import org.hitlbm.fusion.encode.Encoders;
import org.hitlbm.fusion.encode.VectorCache;
import org.hitlbm.tree.hts.Candidate;
import org.hitlbm.tree.hts.InterestTree;
import org.hitlbm.tree.hts.RatingDataBuilder;
import org.hitlbm.tree.hts.RatingExample;
import org.hitlbm.tree.hts.RatingModel;
import org.hitlbm.tree.hts.RatingModels;
import org.hitlbm.tree.hts.RatingTrainer;
import org.hitlbm.tree.hts.SearchSettings;
import org.hitlbm.tree.hts.TreeLayer;
import org.hitlbm.tree.hts.TreePage;
import org.hitlbm.tree.hts.TreeSearch;
import org.hitlbm.tree.hts.TreeStore;
import org.hitlbm.tree.llm.offline.GenreProfile;
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
        if ("none".equals(config.string("encoder.name"))) {
            throw new SpecException("encoder.name: the rating models need text vectors; choose an encoder other than none");
        }
        PreparedData data = new DataLoader(out::println).load(config);
        long seed = config.longValue("llm.seed");
        int k = config.integer("tree.historyK");
        Path cacheDir = Path.of(config.string("paths.cache"));
        try (InterestSession session = new InterestSession(config, data);
             VectorCache vectors = VectorCache.open(cacheDir.resolve("vectors.sqlite"));
             CachedTextEncoder encoder = new CachedTextEncoder(Encoders.byName(config.string("encoder.name")), vectors)) {
            long start = System.nanoTime();
            Map<Integer, List<String>> interests = session.cascade().allInterests(data, n -> { });
            List<RatingExample> examples = new RatingDataBuilder(session.llm(), session.prompts(),
                    config.integer("tree.evalItemsPerClass"), k, seed).build(data, interests);
            out.printf("[hts] rating data: %d chunk samples from the training split in %.1fs (%s)%n", examples.size(),
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
            SearchSettings settings = new SearchSettings(config.integer("tree.expansions"), config.integer("tree.beamWidth"),
                    config.number("tree.alpha"), k, config.number("llm.candidateTemperature"), config.integer("llm.maxTokens"), seed);
            TreeSearch search = new TreeSearch(session.llm(), session.prompts(), encoder, srm, prm, settings);
            TreeStore store = new TreeStore(cacheDir.resolve("trees").resolve(DiskCache.key(storeKey(config))));
            long searchStart = System.nanoTime();
            List<InterestTree> trees = searchAll(data, search, store, onlyUser, config.integer("llm.concurrency"));
            double searchSeconds = (System.nanoTime() - searchStart) / 1e9;
            out.printf("[hts] searched %d user(s) in %.1fs, %d expansions per node, beam %d; %s; trees in %s%n", trees.size(), searchSeconds,
                    settings.expansions(), settings.beamWidth(), session.llm().stats(), store.dir());
            double[] closer = closerThanRandomSibling(data, trees, seed);
            if (closer[1] > 0) {
                out.printf("[hts] synthetic truth: the chosen candidate is closer to the chunk's true interest than a random sibling"
                        + " in %.1f%% of %d comparisons (ties excluded; 50%% = no better than chance)%n", 100 * closer[0], (int) closer[1]);
            }
            if (htmlOut != null && !trees.isEmpty()) {
                TreePage.write(trees.get(0), htmlOut);
                out.println("[hts] tree page: " + htmlOut.toAbsolutePath());
            }
            return new Result(examples.size(), positiveRate(examples, true), positiveRate(examples, false), trained.srm().validationAuc(),
                    trained.prm().validationAuc(), trees.size(), searchSeconds, closer[0], (int) closer[1], store.dir());
        }
    }

    private List<InterestTree> searchAll(PreparedData data, TreeSearch search, TreeStore store, Integer onlyUser, int threads) {
        List<Integer> indices = new ArrayList<>();
        for (int u = 0; u < data.dataset().histories().size(); u++) {
            if (onlyUser == null || data.dataset().histories().get(u).user() == onlyUser) {
                indices.add(u);
            }
        }
        if (onlyUser != null && indices.isEmpty()) {
            throw new SpecException("--user " + onlyUser + ": no such user after preprocessing");
        }
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

    /**
     * Per layer: the chosen candidate against one seeded random sibling, by the L1 distance of their
     * genre profiles to the chunk's true interest (synthetic data and offline profiles only).
     * @return {share of wins among decided comparisons, number decided}
     */
    static double[] closerThanRandomSibling(PreparedData data, List<InterestTree> trees, long seed) {
        GroundTruth truth = data.dataset().raw().truth().orElse(null);
        if (truth == null) {
            return new double[] {Double.NaN, 0};
        }
        SplittableRandom random = new SplittableRandom(seed);
        int wins = 0;
        int decided = 0;
        for (InterestTree tree : trees) {
            int index = historyIndex(data, tree.user());
            for (TreeLayer layer : tree.layers()) {
                List<Candidate> others = layer.candidates().stream().filter(c -> !c.chosen()).toList();
                if (others.isEmpty()) {
                    continue;
                }
                GenreProfile target = profile(truth, data.chunkTruth(index, layer.chunk()).orElseThrow());
                double chosen = GenreProfile.parseLast(layer.chosen().text()).distance(target);
                double sibling = GenreProfile.parseLast(others.get(random.nextInt(others.size())).text()).distance(target);
                if (chosen != sibling) {
                    decided++;
                    wins += chosen < sibling ? 1 : 0;
                }
            }
        }
        return new double[] {decided == 0 ? Double.NaN : (double) wins / decided, decided};
    }

    private static int historyIndex(PreparedData data, int user) {
        for (int i = 0; i < data.dataset().histories().size(); i++) {
            if (data.dataset().histories().get(i).user() == user) {
                return i;
            }
        }
        throw new IllegalArgumentException("user " + user);
    }

    private static GenreProfile profile(GroundTruth truth, float[] weights) {
        Map<String, Double> w = new java.util.LinkedHashMap<>();
        for (int g = 0; g < weights.length; g++) {
            w.put(truth.genres().get(g), (double) weights[g]);
        }
        return GenreProfile.of(w);
    }

    private static double positiveRate(List<RatingExample> examples, boolean continuity) {
        return examples.stream().mapToInt(e -> continuity ? e.continuity() : e.effectiveness()).filter(l -> l >= 0)
                .average().orElse(Double.NaN);
    }

    /** Everything that shapes a tree: data, chunking, LLM, tree and encoder settings. */
    private static String storeKey(ResolvedConfig c) {
        StringBuilder sb = new StringBuilder("trees-v1");
        c.flatten().forEach((key, value) -> {
            if (key.startsWith("dataset.") || key.startsWith("chunking.") || key.startsWith("llm.") || key.startsWith("tree.")
                    || key.startsWith("encoder.")) {
                sb.append('|').append(key).append('=').append(value);
            }
        });
        return sb.toString();
    }
}
