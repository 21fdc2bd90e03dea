package org.hitlbm.experiments.tracking;

import java.util.Map;

/**
 * Where runs are reported besides the local results folder. One tracker per spec; the spec is an
 * experiment, each grid cell (and seed) a run.
 */
public interface Tracker extends AutoCloseable {

    /**
     * Opens a run.
     *
     * @param experiment experiment name (the spec's {@code tracking.experiment}, or its file name)
     * @param runName    the cell's run name, unique within the experiment
     * @param params     the flattened resolved config, dotted keys to values as text
     * @param tags       e.g. git commit, dataset, backbone, fusion
     */
    TrackedRun startRun(String experiment, String runName, Map<String, String> params, Map<String, String> tags);

    /** A human-readable target, e.g. "mlflow at http://127.0.0.1:5000" or "none". */
    String describe();

    @Override
    default void close() {
    }
}
