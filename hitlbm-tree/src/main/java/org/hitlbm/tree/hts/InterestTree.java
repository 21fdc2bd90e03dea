package org.hitlbm.tree.hts;

import java.util.List;

/**
 * One user's searched interest tree: every candidate of every layer with its scores, and the
 * chosen path, whose interests and S_final weights fusion consumes (SPEC Eq. 11).
 */
public record InterestTree(int user, String rawUserId, double alpha, List<TreeLayer> layers) {

    public List<String> chosenInterests() {
        return layers.stream().map(l -> l.chosen().text()).toList();
    }

    public double[] chosenScores() {
        return layers.stream().mapToDouble(l -> l.chosen().score()).toArray();
    }
}
