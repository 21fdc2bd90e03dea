package org.hitlbm.tree.hts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.concurrent.ParallelTasks;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.nn.metrics.AUC;
import org.hitlbm.text.TextEncoder;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.llm.LlmException;
import org.hitlbm.tree.prompt.Prompts;

/**
 * The tree search for many users, cross-fitted by user ({@link RatingFolds}): for each fold with a
 * user still to search, SRM and PRM are fitted on the rating rows of the other folds' users only,
 * and that fold's users are searched with them. Each model is also scored on the rows of the
 * fold it never saw, which gives the out-of-fold AUCs: how well the rating models rank labels of
 * unseen users. Trees already in the store are read back, and a fold whose users are all stored
 * trains nothing. A fold's fitted models are kept in the store too, so other shards and later runs
 * read them instead of fitting again.
 */
public final class CrossFittedSearch {
    /** As {@link org.hitlbm.tree.cube.CubeCascade#LLM_WORKERS}, naming the search when interrupted. */
    private static final ParallelTasks.Failures SEARCH_WORKERS =
            new ParallelTasks.Failures("search interrupted", "LLM workers", LlmException::new);

    private final LlmClient llm;
    private final Prompts prompts;
    private final TextEncoder encoder;
    private final Supplier<RatingModel> models;
    private final SearchSettings settings;
    private final int historyK;
    private final int folds;
    private final long ratingSeed;
    private final int threads;

    /**
     * @param models     a fresh, unfitted rating model per call (two per fold: SRM and PRM)
     * @param ratingSeed seeds the folds, the rating models' holdout, initialisation and shuffles
     * @param threads    users searched in parallel
     */
    public CrossFittedSearch(LlmClient llm, Prompts prompts, TextEncoder encoder, Supplier<RatingModel> models, SearchSettings settings,
                             int folds, long ratingSeed, int threads) {
        if (folds < 2) {
            throw new IllegalArgumentException("cross-fitting needs at least 2 folds, got " + folds);
        }
        this.llm = llm;
        this.prompts = prompts;
        this.encoder = encoder;
        this.models = models;
        this.settings = settings;
        this.historyK = settings.historyK();
        this.folds = folds;
        this.ratingSeed = ratingSeed;
        this.threads = threads;
    }

    /**
     * One fold's rating models.
     *
     * @param trainUsers   users whose rows trained them (every fold but this one)
     * @param searchedUsers users of this fold searched with them now
     * @param stored       true when they were read from the store (fitted by an earlier or another process)
     */
    public record FoldFit(int fold, int trainUsers, int searchedUsers, RatingModel.RatingFit srm, RatingModel.RatingFit prm,
                          double srmPrior, boolean stored) {
    }

    /**
     * @param trees          one per requested user, in the order asked
     * @param folds          the folds whose models were fitted or read now (none when every tree was stored)
     * @param srmOutOfFold   AUC of each fold's SRM on the D_cont rows of its own (unseen) fold, pooled
     * @param prmOutOfFold   the same for the PRM on D_eff
     * @param outOfFoldRows  rows behind the two out-of-fold AUCs (SRM, PRM)
     * @param modelSeconds   spent fitting (or reading) the rating models, rating data not included
     */
    public record Outcome(List<InterestTree> trees, List<FoldFit> folds, double srmOutOfFold, double prmOutOfFold,
                          int[] outOfFoldRows, double modelSeconds) {
    }

    /** Progress of a long search, for a command to print; a library class never prints. */
    public interface Listener {
        void foldFitted(FoldFit fit, int of);
    }

    /** The fold of a user under these settings. */
    public int foldOf(int user) {
        return RatingFolds.of(user, folds, ratingSeed);
    }

    /** As {@link #run(PreparedData, Supplier, Supplier, TreeStore, List, Listener)} with the rating data at hand. */
    public Outcome run(PreparedData data, List<RatingExample> examples, Map<Integer, List<String>> interests, TreeStore store,
                       List<Integer> users, Listener listener) {
        return run(data, () -> examples, () -> interests, store, users, listener);
    }

    /**
     * Searches the users without a stored tree. A fold's SRM and PRM are fitted once and kept in the
     * store, so another shard, or a later run, reads them instead of fitting again (they are
     * deterministic: the same weights either way).
     *
     * @param examples rating data of the training split (every user's, all folds), asked for only when a
     *                 fold's models must be fitted
     * @param interests the cascade interests the examples were rated on (asked for with them)
     * @param users    positions in {@code data}'s histories to search
     */
    public Outcome run(PreparedData data, Supplier<List<RatingExample>> examples, Supplier<Map<Integer, List<String>>> interests,
                       TreeStore store, List<Integer> users, Listener listener) {
        return run(data, examples, interests, store, users, u -> null, listener);
    }

    /**
     * As {@link #run(PreparedData, Supplier, Supplier, TreeStore, List, Listener)}, growing stored
     * trees instead of searching from the first chunk where {@code grownFrom} gives one (a lifelong
     * update: the tree of the user's earlier chunks, as {@link TreeSearch#extend} takes it).
     *
     * @param grownFrom position in {@code data}'s histories to the tree to grow, or null to search anew
     */
    public Outcome run(PreparedData data, Supplier<List<RatingExample>> examples, Supplier<Map<Integer, List<String>>> interests,
                       TreeStore store, List<Integer> users, java.util.function.IntFunction<InterestTree> grownFrom, Listener listener) {
        Map<Integer, InterestTree> trees = new LinkedHashMap<>();
        Map<Integer, List<Integer>> pendingByFold = new LinkedHashMap<>();
        for (int u : users) {
            int id = data.dataset().histories().get(u).user();
            var stored = store.load(id, data.chunks().get(u).count()).filter(t -> t.fold() == foldOf(id));
            if (stored.isPresent()) {
                trees.put(u, stored.get());
            } else {
                pendingByFold.computeIfAbsent(foldOf(id), f -> new ArrayList<>()).add(u);
            }
        }
        List<FoldFit> fits = new ArrayList<>();
        List<int[]> srmOof = new ArrayList<>();
        List<double[]> srmOofScores = new ArrayList<>();
        List<int[]> prmOof = new ArrayList<>();
        List<double[]> prmOofScores = new ArrayList<>();
        RatingTrainer trainer = new RatingTrainer(encoder, historyK);
        RatingTrainer.Encoded[] rows = new RatingTrainer.Encoded[1]; // encoded at the first fold that is fitted
        long[] dataNanos = new long[1];
        long modelNanos = 0;
        for (int fold = 0; fold < folds; fold++) {
            List<Integer> pending = pendingByFold.get(fold);
            if (pending == null) {
                continue;
            }
            final int f = fold;
            RatingModel srm = models.get();
            RatingModel prm = models.get();
            try {
                FoldFit[] fit = new FoldFit[1];
                long fitStart = System.nanoTime();
                FittedFold fitted = store.whileFitting(fold, () -> {
                    FittedFold read = read(store, f, srm, prm);
                    if (read != null) {
                        fit[0] = new FoldFit(f, read.trainUsers(), pending.size(), read.srm(), read.prm(), read.srmPrior(), true);
                        return read;
                    }
                    if (rows[0] == null) {
                        long dataStart = System.nanoTime();
                        List<RatingExample> all = examples.get();
                        Map<Integer, List<String>> cascade = interests.get();
                        dataNanos[0] = System.nanoTime() - dataStart; // the caller's rating data, not the models
                        rows[0] = trainer.encode(all, cascade);
                    }
                    FittedFold made = fit(trainer, rows[0], f, srm, prm);
                    fit[0] = new FoldFit(f, made.trainUsers(), pending.size(), made.srm(), made.prm(), made.srmPrior(), false);
                    if (made.srmWeights() != null && made.prmWeights() != null) {
                        store.saveRatingModels(f, made.toBytes());
                    }
                    return made;
                });
                modelNanos += System.nanoTime() - fitStart;
                if (fitted.srmHeldLabels().length > 0) {
                    srmOof.add(fitted.srmHeldLabels());
                    srmOofScores.add(fitted.srmHeldScores());
                }
                if (fitted.prmHeldLabels().length > 0) {
                    prmOof.add(fitted.prmHeldLabels());
                    prmOofScores.add(fitted.prmHeldScores());
                }
                fits.add(fit[0]);
                listener.foldFitted(fit[0], folds);
                TreeSearch search = new TreeSearch(llm, prompts, encoder, srm, prm, settings, fitted.srmPrior(), fold);
                List<InterestTree> searched = searchAll(data, search, store, pending, grownFrom);
                for (int i = 0; i < pending.size(); i++) {
                    trees.put(pending.get(i), searched.get(i));
                }
            } finally {
                close(srm);
                close(prm);
            }
        }
        List<InterestTree> ordered = new ArrayList<>();
        for (int u : users) {
            ordered.add(trees.get(u));
        }
        return new Outcome(ordered, fits, pooledAuc(srmOof, srmOofScores), pooledAuc(prmOof, prmOofScores),
                new int[] {srmOof.stream().mapToInt(a -> a.length).sum(), prmOof.stream().mapToInt(a -> a.length).sum()},
                (modelNanos - dataNanos[0]) / 1e9);
    }

    /**
     * The fold's stored models restored into {@code srm} and {@code prm}; null when none are stored,
     * when this kind of model cannot be restored, or when they do not read back (then they are
     * dropped, to be fitted and stored again).
     */
    private static FittedFold read(TreeStore store, int fold, RatingModel srm, RatingModel prm) {
        byte[] body = store.ratingModels(fold);
        if (body == null) {
            return null;
        }
        try {
            FittedFold read = FittedFold.fromBytes(body);
            srm.restore(read.srmWeights());
            prm.restore(read.prmWeights());
            return read;
        } catch (UnsupportedOperationException e) {
            return null;
        } catch (IllegalArgumentException e) {
            store.dropRatingModels(fold, e.getMessage());
            return null;
        }
    }

    /** Fits the fold's SRM and PRM on the other folds' users and scores them on its own (unseen) users. */
    private FittedFold fit(RatingTrainer trainer, RatingTrainer.Encoded rows, int f, RatingModel srm, RatingModel prm) {
        RatingTrainer.Rows srmTrain = rows.srm().where(user -> foldOf(user) != f);
        RatingTrainer.Rows prmTrain = rows.prm().where(user -> foldOf(user) != f);
        if (!srmTrain.hasBothLabels() || !prmTrain.hasBothLabels()) {
            throw new InsufficientRatingDataException("fold " + (f + 1) + " of " + folds + ": the other folds' users give "
                    + srmTrain.size() + " D_cont and " + prmTrain.size() + " D_eff rows, which lack a class");
        }
        RatingTrainer.Trained trained = trainer.fit(rows, user -> foldOf(user) != f, srm, prm, ratingSeed * 31 + f);
        RatingTrainer.Rows srmHeld = rows.srm().where(user -> foldOf(user) == f);
        RatingTrainer.Rows prmHeld = rows.prm().where(user -> foldOf(user) == f);
        int trainUsers = (int) java.util.stream.IntStream.concat(java.util.stream.IntStream.of(srmTrain.users()),
                java.util.stream.IntStream.of(prmTrain.users())).distinct().count();
        return new FittedFold(trainUsers, trained.srm(), trained.prm(), trained.srmPrior(), srmHeld.y(),
                srmHeld.size() > 0 ? srm.score(srmHeld.x()) : new double[0], prmHeld.y(),
                prmHeld.size() > 0 ? prm.score(prmHeld.x()) : new double[0], srm.weights(), prm.weights());
    }

    private List<InterestTree> searchAll(PreparedData data, TreeSearch search, TreeStore store, List<Integer> indices,
                                         java.util.function.IntFunction<InterestTree> grownFrom) {
        List<Callable<InterestTree>> tasks = new ArrayList<>();
        for (int u : indices) {
            UserHistory h = data.dataset().histories().get(u);
            InterestTree earlier = grownFrom.apply(u);
            tasks.add(() -> {
                String rawId = data.dataset().raw().user(h.user()).rawId();
                InterestTree tree = earlier == null ? search.search(h, data.chunks().get(u), rawId)
                        : search.extend(earlier, h, data.chunks().get(u), rawId);
                store.save(tree);
                return tree;
            });
        }
        return ParallelTasks.inOrder(threads, tasks, SEARCH_WORKERS);
    }

    private static double pooledAuc(List<int[]> labels, List<double[]> scores) {
        int n = labels.stream().mapToInt(a -> a.length).sum();
        int[] y = new int[n];
        double[] s = new double[n];
        int at = 0;
        for (int i = 0; i < labels.size(); i++) {
            System.arraycopy(labels.get(i), 0, y, at, labels.get(i).length);
            System.arraycopy(scores.get(i), 0, s, at, scores.get(i).length);
            at += labels.get(i).length;
        }
        return n == 0 ? Double.NaN : AUC.of(y, s);
    }

    private static void close(RatingModel model) {
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot free a rating model", e);
            }
        }
    }

    /** Too few rating rows of one class in some fold's training users to fit a model. */
    public static final class InsufficientRatingDataException extends RuntimeException {
        public InsufficientRatingDataException(String message) {
            super(message);
        }
    }
}
