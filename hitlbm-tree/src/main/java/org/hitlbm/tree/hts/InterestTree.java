package org.hitlbm.tree.hts;

import java.util.List;

/**
 * One user's searched interest tree: every candidate of every layer with its scores, and the
 * chosen path, whose interests and S_final weights fusion consumes (SPEC Eq. 11).
 *
 * @param fold the cross-fitting fold of the rating models that searched it: models trained on the
 *             users of every other fold only, never on this user's rows
 */
public record InterestTree(int user, String rawUserId, double alpha, int fold, List<TreeLayer> layers) {

    public List<String> chosenInterests() {
        return layers.stream().map(l -> l.chosen().text()).toList();
    }

    /** This tree cut after its first {@code n} layers (the chunks an update left as they were). */
    public InterestTree firstLayers(int n) {
        return new InterestTree(user, rawUserId, alpha, fold, List.copyOf(layers.subList(0, Math.min(n, layers.size()))));
    }

    public double[] chosenScores() {
        return layers.stream().mapToDouble(l -> l.chosen().score()).toArray();
    }
}
