package org.hitlbm.experiments.spec;

/**
 * One run: a cell with one seed.
 *
 * @param pipelineSeed the seed also drives the LLM's sampling ({@code llm.seed}) and the rating
 *                     side ({@code tree.seed}), {@code seedScope: pipeline}; otherwise only
 *                     {@code train.seed} (initialisation and shuffles of the CTR model)
 */
public record RunPlan(Cell cell, long seed, int cellCount, boolean pipelineSeed) {

    public RunPlan(Cell cell, long seed, int cellCount) {
        this(cell, seed, cellCount, false);
    }

    /** Stable and sortable: cell-003-seed-1. */
    public String name() {
        return String.format("cell-%03d-seed-%d", cell.index(), seed);
    }

    public ResolvedConfig config() {
        ResolvedConfig c = cell.config().with("train.seed", seed);
        return pipelineSeed ? c.with("llm.seed", seed).with("tree.seed", seed) : c;
    }
}
