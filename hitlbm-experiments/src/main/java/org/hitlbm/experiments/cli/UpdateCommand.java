package org.hitlbm.experiments.cli;

import java.io.PrintStream;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.UserShard;
import org.hitlbm.experiments.pipeline.InterestSession;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.pipeline.SearchedTrees;
import org.hitlbm.experiments.pipeline.TreeGrowth;
import org.hitlbm.experiments.pipeline.TreeStage;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;

/**
 * {@code update SPEC.yaml --behaviors FILE}: the trees of the data with the new behaviours, grown
 * from the earlier data's trees by the chunks the new behaviours close ({@link TreeGrowth}); the
 * earlier run's rating models are reused unless {@code --refit-rating-models}. The updated trees go
 * to the updated data's tree store, so a later run of the updated config reads them.
 */
final class UpdateCommand {
    private final PrintStream out;
    private final Reporter reporter;

    UpdateCommand(PrintStream out, Reporter reporter) {
        this.out = out;
        this.reporter = reporter;
    }

    /**
     * @param howToRun the options that select the updated data in a later command, for the last line
     */
    TreeGrowth.Counts run(ResolvedConfig earlier, ResolvedConfig updated, boolean refit, UserShard shard, String howToRun) {
        if (!updated.bool("tree.enabled")) {
            throw new SpecException("tree.enabled is false: update grows interest trees; nothing to grow");
        }
        PreparedData earlierData;
        try (Pipeline.Run before = new Pipeline().open(earlier, reporter)) {
            earlierData = before.output(Pipeline.PREPARE);
        }
        TreeGrowth growth = new TreeGrowth(earlier, earlierData, refit);
        growth.requireSameSettings(updated);
        try (Pipeline.Run run = new Pipeline().open(updated, reporter)) {
            run.output(Pipeline.PREPARE);
            InterestSession session = run.session();
            SearchedTrees trees = run.output(TreeStage.growing(growth, shard));
            TreeGrowth.Counts n = growth.counts();
            out.printf("update: %d tree(s) in %s; %d unchanged, %d grown, %d searched from the first chunk, %d new layer(s);"
                            + " %d LLM call(s) reached the backend (%d answered from the cache); the updated data: %s%n",
                    trees.trees().size(), trees.treeStore(), n.unchanged(), n.grown(), n.anew(), n.newLayers(),
                    session.calls().misses(), session.calls().hits(), howToRun);
            return n;
        }
    }
}
