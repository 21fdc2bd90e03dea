package org.hitlbm.experiments.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.UserShard;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.pipeline.SearchedTrees;
import org.hitlbm.experiments.pipeline.Stage;
import org.hitlbm.experiments.pipeline.SyntheticTruthCheck;
import org.hitlbm.experiments.pipeline.TreeStage;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.text.CachedTextEncoder;
import org.hitlbm.tree.hts.InterestTree;
import org.hitlbm.tree.hts.RatingFolds;
import org.hitlbm.tree.hts.TreePage;

/**
 * {@code hts SPEC.yaml} and {@code tree SPEC.yaml --user U}: the pipeline's tree stage for every
 * user (or one); on synthetic data, how often the chosen candidate is closer to the true interest
 * than a random sibling (out-of-sample); for {@code tree}, the user's tree as an HTML page.
 */
final class HtsCommand {
    private final Reporter reporter;

    HtsCommand(Reporter reporter) {
        this.reporter = reporter;
    }

    /** @param onlyUser search just this user (the {@code tree} command), or null for all */
    void run(ResolvedConfig config, Integer onlyUser, Path htmlOut) {
        run(config, onlyUser, UserShard.ALL, htmlOut);
    }

    /** @param shard the users of one shard of a split job ({@code hts --shard i/n}) */
    void run(ResolvedConfig config, Integer onlyUser, UserShard shard, Path htmlOut) {
        if (!config.bool("tree.enabled")) {
            throw new SpecException("tree.enabled is false: nothing to search");
        }
        try (Pipeline.Run run = new Pipeline().open(config, reporter)) {
            PreparedData data = run.output(Pipeline.PREPARE);
            run.session();
            CachedTextEncoder encoder = run.encoder(); // opened here, so the truth check below uses the search's encoder
            Stage<SearchedTrees> stage = onlyUser != null ? TreeStage.forUser(onlyUser) : TreeStage.forShard(shard);
            List<InterestTree> trees = run.output(stage).trees();
            if (data.dataset().raw().truth().isPresent() && !trees.isEmpty()) {
                // each tree was searched by rating models that never saw its user (cross-fitting): every comparison is out-of-sample
                long seed = config.longValue("tree.seed");
                int folds = config.integer("tree.ratingFolds");
                Predicate<InterestTree> outOfSample = t -> t.fold() == RatingFolds.of(t.user(), folds, seed);
                SyntheticTruthCheck.Outcome byProfile = SyntheticTruthCheck.byGenreProfile(data, trees, outOfSample, seed);
                SyntheticTruthCheck.Outcome byCosine = SyntheticTruthCheck.byEncoderCosine(data, trees, outOfSample, encoder, seed);
                for (SyntheticTruthCheck.Outcome o : List.of(byProfile, byCosine)) {
                    if (o.decided() > 0) {
                        reporter.progress("hts", "synthetic truth: " + o.describe());
                    }
                }
            }
            if (htmlOut != null && !trees.isEmpty()) {
                TreePage.write(trees.get(0), htmlOut);
                reporter.progress("hts", "tree page: " + htmlOut.toAbsolutePath());
            }
        }
    }
}
