package org.hitlbm.nn.train;

import java.util.List;

/**
 * @param bestEpoch the epoch whose weights the model keeps (chosen on validation AUC)
 * @param history   one report per epoch run
 */
public record TrainingResult(int bestEpoch, List<EpochReport> history, double seconds) {
    public int epochsRun() {
        return history.size();
    }
}
