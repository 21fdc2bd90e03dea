package org.hitlbm.backbones;

import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.hitlbm.nn.train.TrainingResult;

/** A trainable click-through-rate model. Close it to free native memory (neural models). */
public interface CtrModel extends AutoCloseable {
    /**
     * Trains on {@code train}, choosing the epoch by validation AUC (never by test data), and
     * leaves the model holding the weights of the best epoch.
     */
    TrainingResult fit(CtrData train, CtrData validation, TrainSettings settings, TrainingListener listener);

    /** P(label = 1) for every row of {@code data}, in row order. */
    double[] predict(CtrData data);

    /** Writes the current (best-epoch) weights under {@code dir}; models without weights files write nothing. */
    default void saveCheckpoint(java.nio.file.Path dir) {
    }

    @Override
    default void close() {
    }
}
