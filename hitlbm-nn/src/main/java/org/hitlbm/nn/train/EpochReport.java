package org.hitlbm.nn.train;

import java.util.Map;

/**
 * What one epoch produced.
 *
 * @param metrics e.g. train.loss, val.auc, val.logloss
 * @param seconds wall time of the epoch, evaluation included
 * @param best    whether this epoch is the best so far by validation AUC
 */
public record EpochReport(int epoch, int maxEpochs, Map<String, Double> metrics, double seconds, boolean best) {
}
