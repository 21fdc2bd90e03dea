package org.hitlbm.experiments.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hitlbm.tree.hts.Candidate;
import org.hitlbm.tree.hts.InterestTree;
import org.hitlbm.tree.hts.TreeLayer;
import org.junit.jupiter.api.Test;

class SyntheticTruthCheckTest {

    /** One layer whose candidates' texts are their distances to the truth; the chosen one is marked. */
    private static TreeLayer layer(int chunk, int chosen, double... distances) {
        List<Candidate> candidates = new java.util.ArrayList<>();
        for (int i = 0; i < distances.length; i++) {
            candidates.add(new Candidate(-1, i, Double.toString(distances[i]), Double.NaN, 0, 0, i == chosen));
        }
        return new TreeLayer(chunk, candidates);
    }

    private static final SyntheticTruthCheck.Distance TEXT_IS_DISTANCE = (tree, layer, c) -> Double.parseDouble(c.text());

    @Test
    void countsWinsTiesAndPairs() {
        InterestTree tree = new InterestTree(1, "u", 0.5, 0, List.of(
                layer(0, 0, 0.1, 0.5, 0.9), // chosen is the closest: wins every pair
                layer(1, 2, 0.3, 0.3, 0.3), // all tied: decides nothing
                layer(2, 1, 0.2, 0.8, 0.4))); // chosen is the farthest: loses every pair
        SyntheticTruthCheck.Outcome o = SyntheticTruthCheck.compare("test", List.of(tree), t -> true, 3, TEXT_IS_DISTANCE);
        assertEquals(2, o.decided());
        assertEquals(1, o.wins());
        assertEquals(0.5, o.pairShare(), 1e-12, "2 pairs won of 4 decided");
        assertEquals(1, o.users());
        assertTrue(o.describe().contains("2 out-of-sample comparisons over 1 users"), o.describe());
        // a tree searched by models that saw its user is left out, and said to be
        SyntheticTruthCheck.Outcome none = SyntheticTruthCheck.compare("test", List.of(tree), t -> false, 3, TEXT_IS_DISTANCE);
        assertEquals(0, none.decided());
        assertEquals(1, none.leftOut());
    }

    @Test
    void signTestMatchesTheBinomialTail() {
        // P(X >= 60 | n = 100, p = 0.5) = 0.02844 exactly; the corrected normal approximation is close
        assertEquals(0.0284, SyntheticTruthCheck.signTestP(60, 100), 0.002);
        assertEquals(0.5, SyntheticTruthCheck.signTestP(50, 100), 0.05);
        assertTrue(SyntheticTruthCheck.signTestP(40, 100) > 0.97);
    }
}
