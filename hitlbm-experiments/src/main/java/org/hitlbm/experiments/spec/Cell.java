package org.hitlbm.experiments.spec;

import java.util.Map;

/**
 * One point of the grid.
 *
 * @param index      1-based position in the Cartesian product, stable for a given spec
 * @param assignment the grid values of this cell, dotted key to value
 * @param config     the fully resolved config (its train.seed is set per run)
 */
public record Cell(int index, Map<String, Object> assignment, ResolvedConfig config) {
}
