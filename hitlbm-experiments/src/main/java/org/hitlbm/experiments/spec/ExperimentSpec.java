package org.hitlbm.experiments.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded and validated spec: its grid expanded into cells, each repeated per seed.
 *
 * @param file the spec file
 * @param name         the experiment name (tracking.experiment, default the file name without .yaml)
 * @param variants     the names of {@code variants:}, in order (empty: none)
 * @param nothingToRun why there are no cells (an empty grid axis, e.g. RQ6 with no models), or null
 * @param seedScope    what the seeds vary: training (CTR initialisation, shuffles) or pipeline (also
 *                     llm.seed and tree.seed: LLM sampling, trees, rating models)
 */
public record ExperimentSpec(Path file, String name, String description, List<GridAxis> axes, List<Long> seeds,
                             List<Cell> cells, List<String> variants, ReportSettings report, String nothingToRun, String seedScope) {

    public boolean pipelineSeeds() {
        return "pipeline".equals(seedScope);
    }

    /** The keys that tell cells apart: {@code variant} first when there are variants, then the grid's. */
    public List<String> cellKeys() {
        List<String> keys = new ArrayList<>();
        if (!variants.isEmpty()) {
            keys.add(SpecSchema.VARIANT);
        }
        axes.forEach(a -> keys.add(a.key()));
        return keys;
    }

    public List<RunPlan> runs() {
        List<RunPlan> runs = new ArrayList<>();
        for (Cell cell : cells) {
            for (long seed : seeds) {
                runs.add(new RunPlan(cell, seed, cells.size(), pipelineSeeds()));
            }
        }
        return runs;
    }

    /**
     * The runs of one cell, or of one shard: shard i of n (1-based) takes every n-th cell starting
     * at cell i, so machines sharing one grid never run the same cell.
     */
    public List<RunPlan> select(Integer cell, Integer shardIndex, Integer shardCount) {
        if (cell != null && (cell < 1 || cell > cells.size())) {
            throw new SpecException(file + ": --cell " + cell + " is out of range; this spec has cells 1.." + cells.size());
        }
        if (shardCount != null && (shardCount < 1 || shardIndex < 1 || shardIndex > shardCount)) {
            throw new SpecException("--shard " + shardIndex + "/" + shardCount + ": expected i/n with 1 <= i <= n");
        }
        return runs().stream()
                .filter(r -> cell == null || r.cell().index() == cell)
                .filter(r -> shardCount == null || (r.cell().index() - 1) % shardCount == shardIndex - 1)
                .toList();
    }
}
