package org.hitlbm.tree.llm;

import java.util.Map;

/** Turns first-token probabilities into P('Yes') normalised over the Yes/No variants. */
public final class YesNo {
    private YesNo() {
    }

    /**
     * P('Yes') normalised over the Yes/No variants, and the mass they held before normalising:
     * 0.006 of mass normalised to P = 1.0 is the model not answering, not a sure Yes.
     *
     * @param mass P(yes variants) + P(no variants) among the first-token candidates; NaN when the
     *             backend does not tell (answers cached before the mass was recorded)
     */
    public record Answer(double probability, double mass) {
        /** A backend whose answer is a probability by construction (the offline stand-in). */
        public static Answer certain(double probability) {
            return new Answer(probability, 1.0);
        }
    }

    /** True for "Yes", " yes", "YES", "▁Yes", "Ġyes" and the like. */
    public static boolean isYes(String token) {
        return normalise(token).equals("yes");
    }

    public static boolean isNo(String token) {
        return normalise(token).equals("no");
    }

    /**
     * @param tokenProbabilities candidate first tokens with their probabilities (not log-probs)
     * @return P(yes) / (P(yes) + P(no)), or 0.5 when neither appears
     */
    public static double probability(Map<String, Double> tokenProbabilities) {
        return answer(tokenProbabilities).probability();
    }

    /** {@link #probability} with the Yes+No mass it came from. */
    public static Answer answer(Map<String, Double> tokenProbabilities) {
        double yes = 0;
        double no = 0;
        for (Map.Entry<String, Double> e : tokenProbabilities.entrySet()) {
            if (isYes(e.getKey())) {
                yes += e.getValue();
            } else if (isNo(e.getKey())) {
                no += e.getValue();
            }
        }
        return new Answer(yes + no == 0 ? 0.5 : yes / (yes + no), yes + no);
    }

    private static String normalise(String token) {
        return token.replace("\u2581", "").replace("\u0120", "").strip().toLowerCase(java.util.Locale.ROOT);
    }
}
