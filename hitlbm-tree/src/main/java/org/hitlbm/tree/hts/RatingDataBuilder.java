package org.hitlbm.tree.hts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hitlbm.data.Item;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.nn.metrics.AUC;
import org.hitlbm.tree.cube.CubeCascade;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.prompt.Prompts;

/**
 * Builds the SRM/PRM training data on the training split only (SPEC HTS): for chunk t, S_t holds
 * up to N liked and N not-liked items of chunk t+1 (a chunk lacking a class is skipped); the LLM
 * rates each with prompt^seq (previous K interests), prompt^point (Inst_t) and prompt^hist (B_t).
 *
 * <p>The paper rates only the cascade interest Inst_t, one sample per chunk. A model trained that
 * way learns what separates chunks, yet the search asks it to separate siblings of one chunk; with
 * {@code candidates > 0} that many Best-of-N children of Inst_{t-1} (the search's prompt and
 * temperature, but seeds of their own: {@link #candidateSeed}) are rated against the same S_t too,
 * so the labels vary among siblings. Rows of a user never train the models that search that user
 * (cross-fitting by user, {@link RatingFolds}); the own seed stream keeps the rated texts apart from
 * the search's candidates as well.
 */
public final class RatingDataBuilder {
    private final LlmClient llm;
    private final Prompts prompts;
    private final int itemsPerClass;
    private final int historyK;
    private final long seed;
    private final int candidates;
    private final SearchSettings search;

    /** The paper's rating data: the cascade interest of each chunk only. */
    public RatingDataBuilder(LlmClient llm, Prompts prompts, int itemsPerClass, int historyK, long seed) {
        this(llm, prompts, itemsPerClass, historyK, seed, 0, null);
    }

    /**
     * @param candidates Best-of-N children rated per chunk beside the cascade interest (0 = paper)
     * @param search     how the search samples children (seed, temperature, tokens); unused when candidates is 0
     */
    public RatingDataBuilder(LlmClient llm, Prompts prompts, int itemsPerClass, int historyK, long seed, int candidates,
                             SearchSettings search) {
        if (candidates > 0 && search == null) {
            throw new IllegalArgumentException("rating candidates need the search settings that generate them");
        }
        this.llm = llm;
        this.prompts = prompts;
        this.itemsPerClass = itemsPerClass;
        this.historyK = historyK;
        this.seed = seed;
        this.candidates = candidates;
        this.search = search;
    }

    /** @param interests user id to the cascade interests Inst_1..Inst_T */
    public List<RatingExample> build(PreparedData data, Map<Integer, List<String>> interests) {
        List<RatingExample> out = new ArrayList<>();
        for (int u = 0; u < data.dataset().histories().size(); u++) {
            UserHistory h = data.dataset().histories().get(u);
            UserChunks c = data.chunks().get(u);
            List<String> inst = interests.get(h.user());
            if (inst == null) {
                continue;
            }
            for (int t = 0; t + 1 < c.count(); t++) {
                if (!allTrain(h, c, t + 1)) {
                    break; // later chunks reach into validation or test time
                }
                out.addAll(examples(data, u, h, c, inst, t));
            }
        }
        return out;
    }

    private List<RatingExample> examples(PreparedData data, int u, UserHistory h, UserChunks c, List<String> inst, int t) {
        List<Integer> liked = new ArrayList<>();
        List<Integer> disliked = new ArrayList<>();
        for (int p = c.start(t + 1); p < c.end(t + 1); p++) {
            (h.labels()[p] == 1 ? liked : disliked).add(p);
        }
        if (liked.isEmpty() || disliked.isEmpty()) {
            return List.of();
        }
        Random random = new Random(seed * 1_000_003L + h.user() * 131L + t);
        java.util.Collections.shuffle(liked, random);
        java.util.Collections.shuffle(disliked, random);
        List<Integer> evalSet = new ArrayList<>(liked.subList(0, Math.min(itemsPerClass, liked.size())));
        evalSet.addAll(disliked.subList(0, Math.min(itemsPerClass, disliked.size())));
        int n = evalSet.size();
        int[] truth = new int[n];
        Item[] targets = new Item[n];
        double[] seq = new double[n];
        double[] hist = new double[n];
        List<String> previous = inst.subList(Math.max(0, t - historyK), t);
        for (int i = 0; i < n; i++) {
            int p = evalSet.get(i);
            targets[i] = data.dataset().raw().item(h.items()[p]);
            truth[i] = h.labels()[p];
        }
        // one prompt kind after the other: consecutive calls share the chunk or interest as a prefix,
        // which a server's prompt cache (llama.cpp's one slot) reuses
        for (int i = 0; i < n; i++) {
            hist[i] = llm.yesProbability(prompts.hist(h, c, t, targets[i]));
        }
        for (int i = 0; i < n && !previous.isEmpty(); i++) {
            seq[i] = llm.yesProbability(prompts.seq(previous, targets[i]));
        }
        double aucHist = auc(truth, hist);
        double aucSeq = previous.isEmpty() ? Double.NaN : auc(truth, seq);
        List<RatingExample> out = new ArrayList<>();
        if (!inst.get(t).isBlank()) { // blank: the cascade had no usable interest yet
            out.add(rate(u, h, t, -1, inst.get(t), targets, truth, aucSeq, aucHist));
        }
        if (candidates > 0) {
            String prompt = prompts.interest(h, c, t, t == 0 || inst.get(t - 1).isBlank() ? null : inst.get(t - 1));
            for (int s = 0; s < candidates; s++) {
                Generation g = llm.generate(prompt, candidateSeed(search.seed(), h.user(), t, s), search.temperature(),
                        search.maxTokens());
                if (g.usable()) {
                    out.add(rate(u, h, t, s, g.text(), targets, truth, aucSeq, aucHist));
                }
            }
        }
        return out;
    }

    /** NaN when an answer was unusable (the mass guard's NaN): a label from fewer items would not be comparable. */
    static double auc(int[] truth, double[] scores) {
        for (double score : scores) {
            if (Double.isNaN(score)) {
                return Double.NaN;
            }
        }
        return AUC.of(truth, scores);
    }

    /**
     * Seed of rated candidate {@code sample} at chunk {@code chunk}: a stream of its own, always odd,
     * so never the seed of a candidate the search scores ({@link TreeSearch#sampleSeed} is even).
     */
    public static long candidateSeed(long seed, int user, int chunk, int sample) {
        return CubeCascade.callSeed(seed ^ 0x7A7EDA7AL, user, chunk * 4096 + sample) | 1L;
    }

    /** Y_point of one interest over S_t, and its labels against the chunk's shared AUC_seq and AUC_hist. */
    private RatingExample rate(int u, UserHistory h, int t, int sample, String interest, Item[] targets, int[] truth, double aucSeq,
                               double aucHist) {
        double[] point = new double[targets.length];
        for (int i = 0; i < targets.length; i++) {
            point[i] = llm.yesProbability(prompts.point(interest, targets[i]));
        }
        double aucPoint = auc(truth, point);
        return new RatingExample(u, h.user(), t, sample, interest, targets.length, aucSeq, aucPoint, aucHist,
                RatingLabels.continuity(aucSeq, aucPoint), RatingLabels.effectiveness(aucHist, aucPoint));
    }

    private static boolean allTrain(UserHistory h, UserChunks c, int chunk) {
        for (int p = c.start(chunk); p < c.end(chunk); p++) {
            if (h.splits()[p] != Split.TRAIN.code()) {
                return false;
            }
        }
        return true;
    }
}
