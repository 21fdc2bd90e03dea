package org.hitlbm.tree.hts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.hitlbm.text.TextEncoder;
import org.hitlbm.text.TextVectors;

/** Turns rating examples into SRM and PRM training rows (encoded interests) and fits both, on all users or some. */
public final class RatingTrainer {
    private final TextEncoder encoder;
    private final int historyK;

    public RatingTrainer(TextEncoder encoder, int historyK) {
        this.encoder = encoder;
        this.historyK = historyK;
    }

    /** Rows of one rating model: features, labels, and the user each row came from. */
    public record Rows(float[][] x, int[] y, int[] users) {
        /** The rows of the users {@code keep} accepts. */
        public Rows where(IntPredicate keep) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < users.length; i++) {
                if (keep.test(users[i])) {
                    rows.add(i);
                }
            }
            float[][] sx = new float[rows.size()][];
            int[] sy = new int[rows.size()];
            int[] su = new int[rows.size()];
            for (int i = 0; i < sx.length; i++) {
                sx[i] = x[rows.get(i)];
                sy[i] = y[rows.get(i)];
                su[i] = users[rows.get(i)];
            }
            return new Rows(sx, sy, su);
        }

        public int size() {
            return y.length;
        }

        /** True when both labels occur: a model can be fitted. */
        public boolean hasBothLabels() {
            boolean zero = false;
            boolean one = false;
            for (int label : y) {
                zero |= label == 0;
                one |= label == 1;
            }
            return zero && one;
        }
    }

    /** The SRM rows (D_cont) and PRM rows (D_eff) of a set of examples. */
    public record Encoded(Rows srm, Rows prm) {
    }

    /**
     * What training produced, for reports.
     *
     * @param srmPrior the SRM's mean score over its own training rows: S_c of a first-layer node
     */
    public record Trained(RatingModel.RatingFit srm, RatingModel.RatingFit prm, int examples, double srmPrior) {
    }

    public Encoded encode(List<RatingExample> examples, Map<Integer, List<String>> interests) {
        List<String> texts = new ArrayList<>(); // in first-occurrence order: the encoder's one batch
        for (RatingExample e : examples) {
            List<String> inst = interests.get(e.user());
            texts.addAll(inst.subList(Math.max(0, e.chunk() - historyK), e.chunk()));
            texts.add(e.interest());
        }
        Map<String, float[]> byText = TextVectors.byText(encoder, texts);
        List<float[]> srmX = new ArrayList<>();
        List<Integer> srmY = new ArrayList<>();
        List<Integer> srmUsers = new ArrayList<>();
        List<float[]> prmX = new ArrayList<>();
        List<Integer> prmY = new ArrayList<>();
        List<Integer> prmUsers = new ArrayList<>();
        for (RatingExample e : examples) {
            List<String> inst = interests.get(e.user());
            float[] current = byText.get(e.interest());
            if (e.effectiveness() >= 0) {
                prmX.add(RatingFeatures.prm(current));
                prmY.add(e.effectiveness());
                prmUsers.add(e.user());
            }
            if (e.continuity() >= 0) {
                List<float[]> previous = inst.subList(Math.max(0, e.chunk() - historyK), e.chunk()).stream().map(byText::get).toList();
                srmX.add(RatingFeatures.srm(previous, current));
                srmY.add(e.continuity());
                srmUsers.add(e.user());
            }
        }
        return new Encoded(new Rows(srmX.toArray(float[][]::new), ints(srmY), ints(srmUsers)),
                new Rows(prmX.toArray(float[][]::new), ints(prmY), ints(prmUsers)));
    }

    /** Fits both models on every example. */
    public Trained fit(List<RatingExample> examples, Map<Integer, List<String>> interests, RatingModel srm, RatingModel prm, long seed) {
        return fit(encode(examples, interests), u -> true, srm, prm, seed);
    }

    /** Fits both models on the rows of the users {@code trainUser} accepts (the other folds, when cross-fitting). */
    public Trained fit(Encoded rows, IntPredicate trainUser, RatingModel srm, RatingModel prm, long seed) {
        Rows s = rows.srm().where(trainUser);
        Rows p = rows.prm().where(trainUser);
        RatingModel.RatingFit srmFit = srm.fit(s.x(), s.y(), s.users(), seed);
        RatingModel.RatingFit prmFit = prm.fit(p.x(), p.y(), p.users(), seed);
        double prior = java.util.Arrays.stream(srm.score(s.x())).average().orElse(Double.NaN);
        return new Trained(srmFit, prmFit, s.size() + p.size(), prior);
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
