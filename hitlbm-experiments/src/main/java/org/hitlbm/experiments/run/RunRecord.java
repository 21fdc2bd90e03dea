package org.hitlbm.experiments.run;

import java.util.List;
import java.util.Map;

/**
 * What one run leaves in {@code results/<experiment>/<run>/metrics.json}; the MLflow sync reads
 * the same file, so a run tracked later looks exactly like one tracked live.
 */
public record RunRecord(String experiment, String run, String status, String started, String finished,
                        Map<String, String> params, Map<String, String> tags, List<Epoch> history,
                        Map<String, Double> finalMetrics, String error) {

    /** One epoch's metrics. */
    public record Epoch(int epoch, Map<String, Double> metrics) {
    }
}
