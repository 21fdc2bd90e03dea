package org.hitlbm.backbones;

import org.hitlbm.backbones.train.TrainSettings;
import org.hitlbm.backbones.train.TrainingListener;
import org.hitlbm.backbones.train.TrainingResult;

/** A trainable click-through-rate model. */
public interface CtrModel {
    /**
     * Trains on {@code train}, choosing the epoch by validation AUC (never by test data), and
     * leaves the model holding the weights of the best epoch.
     */
    TrainingResult fit(CtrData train, CtrData validation, TrainSettings settings, TrainingListener listener);

    /** P(label = 1) for every row of {@code data}, in row order. */
    double[] predict(CtrData data);
}
