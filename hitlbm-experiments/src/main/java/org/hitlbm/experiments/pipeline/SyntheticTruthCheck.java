package org.hitlbm.experiments.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.hitlbm.data.GroundTruth;
import org.hitlbm.data.PreparedData;
import org.hitlbm.text.TextEncoder;
import org.hitlbm.text.TextVectors;
import org.hitlbm.tree.hts.Candidate;
import org.hitlbm.tree.hts.InterestTree;
import org.hitlbm.tree.hts.TreeLayer;
import org.hitlbm.tree.llm.offline.GenreProfile;

/**
 * Does the search pick truer interests than chance? On synthetic data each chunk's true interest
 * is known (SPEC, "The synthetic world"); per layer the chosen candidate is compared with one
 * seeded random sibling (and with every sibling) by a closeness to that truth. Only trees searched
 * by rating models that never saw their user's rows count (out-of-sample): the caller says which.
 */
public final class SyntheticTruthCheck {
    private SyntheticTruthCheck() {
    }

    /**
     * @param wins      comparisons the chosen candidate won against its random sibling
     * @param decided   comparisons without a tie
     * @param pairShare share of won comparisons against every sibling (ties excluded)
     * @param pValue    one-sided sign test of wins against 50% (normal approximation)
     * @param users     trees (users) the comparisons came from
     * @param leftOut   trees left out as in-sample (their user's rows trained the models that searched them)
     */
    public record Outcome(String measure, int wins, int decided, double pairShare, double pValue, int users, int leftOut) {
        public double winRate() {
            return decided == 0 ? Double.NaN : (double) wins / decided;
        }

        public String describe() {
            return String.format(java.util.Locale.ROOT, "by %s, the chosen candidate is closer to the chunk's true interest than a random"
                    + " sibling in %.1f%% of %d out-of-sample comparisons over %d users (ties excluded, 50%% = chance, one-sided"
                    + " sign test p = %.2g), and than any sibling in %.1f%% of pairs%s", measure, 100 * winRate(), decided, users, pValue,
                    100 * pairShare, leftOut == 0 ? "" : "; " + leftOut + " in-sample tree(s) left out");
        }
    }

    /** By the L1 distance between genre profiles (the offline stand-in writes one; other texts have none). */
    public static Outcome byGenreProfile(PreparedData data, List<InterestTree> trees, Predicate<InterestTree> outOfSample, long seed) {
        GroundTruth truth = data.dataset().raw().truth().orElseThrow(() -> new IllegalArgumentException("no ground truth: not synthetic data"));
        Map<Integer, Integer> index = historyIndex(data);
        return compare("genre-profile L1 distance", trees, outOfSample, seed, (tree, layer, candidate) -> {
            float[] w = data.chunkTruth(index.get(tree.user()), layer.chunk()).orElseThrow();
            return GenreProfile.parseLast(candidate.text()).distance(profile(truth, w));
        });
    }

    /** By the cosine between the candidate's vector and the vector of the truth's text: any LLM backend (SPEC). */
    public static Outcome byEncoderCosine(PreparedData data, List<InterestTree> trees, Predicate<InterestTree> outOfSample,
                                          TextEncoder encoder, long seed) {
        GroundTruth truth = data.dataset().raw().truth().orElseThrow(() -> new IllegalArgumentException("no ground truth: not synthetic data"));
        Map<Integer, Integer> index = historyIndex(data);
        List<String> texts = new ArrayList<>();
        for (InterestTree tree : trees) {
            if (!outOfSample.test(tree)) {
                continue;
            }
            for (TreeLayer layer : tree.layers()) {
                texts.add(truth.describe(data.chunkTruth(index.get(tree.user()), layer.chunk()).orElseThrow()));
                layer.candidates().forEach(c -> texts.add(c.text()));
            }
        }
        Map<String, float[]> vectors = TextVectors.byText(encoder, texts);
        return compare("encoder cosine distance", trees, outOfSample, seed, (tree, layer, candidate) -> {
            String target = truth.describe(data.chunkTruth(index.get(tree.user()), layer.chunk()).orElseThrow());
            return 1 - cosine(vectors.get(candidate.text()), vectors.get(target));
        });
    }

    /** A distance of one candidate of one layer of one tree to that chunk's truth. */
    interface Distance {
        double of(InterestTree tree, TreeLayer layer, Candidate candidate);
    }

    static Outcome compare(String measure, List<InterestTree> trees, Predicate<InterestTree> outOfSample, long seed, Distance distance) {
        SplittableRandom random = new SplittableRandom(seed);
        int wins = 0;
        int decided = 0;
        long pairWins = 0;
        long pairs = 0;
        int users = 0;
        int leftOut = 0;
        for (InterestTree tree : trees) {
            if (!outOfSample.test(tree)) {
                leftOut++;
                continue;
            }
            users++;
            for (TreeLayer layer : tree.layers()) {
                List<Candidate> others = layer.candidates().stream().filter(c -> !c.chosen()).toList();
                if (others.isEmpty()) {
                    continue;
                }
                double chosen = distance.of(tree, layer, layer.chosen());
                double[] sibling = others.stream().mapToDouble(c -> distance.of(tree, layer, c)).toArray();
                double drawn = sibling[random.nextInt(sibling.length)];
                if (chosen != drawn) {
                    decided++;
                    wins += chosen < drawn ? 1 : 0;
                }
                for (double d : sibling) {
                    if (d != chosen) {
                        pairs++;
                        pairWins += chosen < d ? 1 : 0;
                    }
                }
            }
        }
        return new Outcome(measure, wins, decided, pairs == 0 ? Double.NaN : (double) pairWins / pairs, signTestP(wins, decided), users,
                leftOut);
    }

    /** P(at least {@code wins} of {@code n} under a fair coin), normal approximation with continuity correction. */
    static double signTestP(int wins, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double z = (wins - 0.5 - n / 2.0) / Math.sqrt(n / 4.0);
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** Complementary error function (Numerical Recipes' erfcc, |error| < 1.2e-7). */
    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private static Map<Integer, Integer> historyIndex(PreparedData data) {
        Map<Integer, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < data.dataset().histories().size(); i++) {
            index.put(data.dataset().histories().get(i).user(), i);
        }
        return index;
    }

    private static GenreProfile profile(GroundTruth truth, float[] weights) {
        Map<String, Double> w = new LinkedHashMap<>();
        for (int g = 0; g < weights.length; g++) {
            w.put(truth.genres().get(g), (double) weights[g]);
        }
        return GenreProfile.of(w);
    }
}
