package org.hitlbm.experiments.spec;

/** One run: a cell with one seed. */
public record RunPlan(Cell cell, long seed, int cellCount) {

    /** Stable and sortable: cell-003-seed-1. */
    public String name() {
        return String.format("cell-%03d-seed-%d", cell.index(), seed);
    }

    public ResolvedConfig config() {
        return cell.config().with("train.seed", seed);
    }
}
