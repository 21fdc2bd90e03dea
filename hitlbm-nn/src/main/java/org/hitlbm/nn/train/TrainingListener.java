package org.hitlbm.nn.train;

/** Hears about training as it goes: progress lines, tracking, checkpoints. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {
    };

    default void onEpochEnd(EpochReport report) {
    }

    default void onTrainingEnd(TrainingResult result) {
    }
}
