package org.hitlbm.experiments.pipeline;

import java.util.List;
import org.hitlbm.tree.hts.InterestTree;

/**
 * The trees of the search step, with what built them (NaN for rating figures when every tree
 * came from the store and no rating model had to be trained).
 *
 * @param srmAuc out-of-fold AUC of the SRMs (rows of users each model never saw)
 * @param prmAuc out-of-fold AUC of the PRMs
 * @param modelSeconds of {@code searchSeconds}, those spent fitting or reading the rating models
 * @param treeStore where the trees are: the folder {@code paths.cache/trees/<key>}, or the {@code paths.store} database
 */
public record SearchedTrees(List<InterestTree> trees, int examples, double contPositiveRate, double effPositiveRate, double srmAuc,
                            double prmAuc, double searchSeconds, double modelSeconds, String treeStore) {
}
