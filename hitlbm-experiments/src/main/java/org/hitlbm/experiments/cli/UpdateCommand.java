package org.hitlbm.experiments.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.UserShard;
import org.hitlbm.experiments.pipeline.InterestSession;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.pipeline.SearchedTrees;
import org.hitlbm.experiments.pipeline.TreeGrowth;
import org.hitlbm.experiments.pipeline.TreeStage;
import org.hitlbm.experiments.pipeline.UpdatePlan;
import org.hitlbm.data.io.StorageException;
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
     * Staleness and cost without updating ({@code --dry-run}): per user the chunks pending, in
     * {@code csv}; the LLM calls and tokens an update of everyone would cost, on the console.
     */
    UpdatePlan.Result dryRun(ResolvedConfig earlier, ResolvedConfig updated, UserShard shard, Path csv) {
        TreeGrowth growth = growth(earlier, updated, false);
        PreparedData data;
        try (Pipeline.Run run = new Pipeline().open(updated, reporter)) {
            data = run.output(Pipeline.PREPARE);
        }
        UpdatePlan.Result plan = UpdatePlan.of(growth, updated, data, shard);
        List<String> lines = new ArrayList<>();
        lines.add("raw_user_id,chunks,stored_layers,kept_layers,pending_chunks");
        for (UpdatePlan.User u : plan.users()) {
            lines.add(csvField(u.rawUserId()) + "," + u.chunks() + "," + u.storedLayers() + "," + u.keptLayers() + "," + u.pendingChunks());
        }
        try {
            Files.createDirectories(csv.toAbsolutePath().getParent());
            Files.write(csv, lines);
        } catch (IOException e) {
            throw StorageException.writing(csv, e);
        }
        int most = plan.users().stream().mapToInt(UpdatePlan.User::pendingChunks).max().orElse(0);
        out.printf("update --dry-run: %,d of %,d user(s) stale, %,d chunk(s) pending (at most %d for one user); an update asks the"
                        + " LLM %,d call(s), about %,d prompt + %,d completion tokens (%s); per user: %s%n", plan.staleUsers(),
                plan.users().size(), plan.pendingChunks(), most, plan.calls(), plan.promptTokens(), plan.completionTokens(),
                plan.estimates().source(), csv);
        return plan;
    }

    /**
     * @param howToRun the options that select the updated data in a later command, for the last line
     */
    TreeGrowth.Counts run(ResolvedConfig earlier, ResolvedConfig updated, boolean refit, UserShard shard, String howToRun) {
        TreeGrowth growth = growth(earlier, updated, refit);
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

    /** The earlier data (prepared through the cache) as an update's starting point; settings other than the data must match. */
    private TreeGrowth growth(ResolvedConfig earlier, ResolvedConfig updated, boolean refit) {
        if (!updated.bool("tree.enabled")) {
            throw new SpecException("tree.enabled is false: update grows interest trees; nothing to grow");
        }
        PreparedData earlierData;
        try (Pipeline.Run before = new Pipeline().open(earlier, reporter)) {
            earlierData = before.output(Pipeline.PREPARE);
        }
        TreeGrowth growth = new TreeGrowth(earlier, earlierData, refit);
        growth.requireSameSettings(updated);
        return growth;
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break. */
    private static String csvField(String value) {
        return value.matches("[^,\"\r\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
