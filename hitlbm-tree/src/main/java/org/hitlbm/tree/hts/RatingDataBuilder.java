package org.hitlbm.tree.hts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hitlbm.backbones.metrics.AUC;
import org.hitlbm.data.Item;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.tree.llm.LlmClient;
import org.hitlbm.tree.prompt.Prompts;

/**
 * Builds the SRM/PRM training data on the training split only (SPEC HTS): for chunk t, S_t holds
 * up to N liked and N not-liked items of chunk t+1 (a chunk lacking a class is skipped); the LLM
 * rates each with prompt^seq (previous K interests), prompt^point (Inst_t) and prompt^hist (B_t).
 */
public final class RatingDataBuilder {
    private final LlmClient llm;
    private final Prompts prompts;
    private final int itemsPerClass;
    private final int historyK;
    private final long seed;

    public RatingDataBuilder(LlmClient llm, Prompts prompts, int itemsPerClass, int historyK, long seed) {
        this.llm = llm;
        this.prompts = prompts;
        this.itemsPerClass = itemsPerClass;
        this.historyK = historyK;
        this.seed = seed;
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
                RatingExample e = example(data, u, h, c, inst, t);
                if (e != null) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private RatingExample example(PreparedData data, int u, UserHistory h, UserChunks c, List<String> inst, int t) {
        List<Integer> liked = new ArrayList<>();
        List<Integer> disliked = new ArrayList<>();
        for (int p = c.start(t + 1); p < c.end(t + 1); p++) {
            (h.labels()[p] == 1 ? liked : disliked).add(p);
        }
        if (liked.isEmpty() || disliked.isEmpty()) {
            return null;
        }
        Random random = new Random(seed * 1_000_003L + h.user() * 131L + t);
        java.util.Collections.shuffle(liked, random);
        java.util.Collections.shuffle(disliked, random);
        List<Integer> evalSet = new ArrayList<>(liked.subList(0, Math.min(itemsPerClass, liked.size())));
        evalSet.addAll(disliked.subList(0, Math.min(itemsPerClass, disliked.size())));
        int n = evalSet.size();
        int[] truth = new int[n];
        double[] seq = new double[n];
        double[] point = new double[n];
        double[] hist = new double[n];
        List<String> previous = inst.subList(Math.max(0, t - historyK), t);
        for (int i = 0; i < n; i++) {
            int p = evalSet.get(i);
            Item target = data.dataset().raw().item(h.items()[p]);
            truth[i] = h.labels()[p];
            point[i] = llm.yesProbability(prompts.point(inst.get(t), target));
            hist[i] = llm.yesProbability(prompts.hist(h, c, t, target));
            seq[i] = previous.isEmpty() ? Double.NaN : llm.yesProbability(prompts.seq(previous, target));
        }
        double aucPoint = AUC.of(truth, point);
        double aucHist = AUC.of(truth, hist);
        double aucSeq = previous.isEmpty() ? Double.NaN : AUC.of(truth, seq);
        return new RatingExample(u, h.user(), t, n, aucSeq, aucPoint, aucHist,
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
