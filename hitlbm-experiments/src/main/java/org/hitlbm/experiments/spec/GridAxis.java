package org.hitlbm.experiments.spec;

import java.util.List;

/** One {@code grid:} entry: a dotted key and the values it takes, each with where it was written. */
public record GridAxis(String key, List<Located> values) {
}
