package org.hitlbm.nn.train;

import java.util.Map;

/**
 * What one epoch produced.
 *
 * @param metrics e.g. train.loss, val.auc, val.logloss
 * @param seconds wall time of the epoch, evaluation included
 * @param best    whether this epoch is the best so far by validation AUC
 * @param times   the epoch's seconds by phase (kept out of {@code metrics}: they vary run to run)
 */
public record EpochReport(int epoch, int maxEpochs, Map<String, Double> metrics, double seconds, boolean best, StepTimes times) {
    public EpochReport(int epoch, int maxEpochs, Map<String, Double> metrics, double seconds, boolean best) {
        this(epoch, maxEpochs, metrics, seconds, best, StepTimes.NONE);
    }
}
