package org.hitlbm.experiments.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.backbones.CtrModel;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.prep.Split;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecSchema;
import org.hitlbm.experiments.tracking.LocalRunRecord;
import org.hitlbm.experiments.tracking.RunKeys;
import org.hitlbm.fusion.fuse.Fusions;
import org.hitlbm.nn.metrics.AUC;
import org.hitlbm.nn.metrics.LogLoss;
import org.hitlbm.nn.side.SideInput;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.hitlbm.nn.train.TrainingResult;

/**
 * One CTR model on one cell: the backbone over the prepared features, with the fusion's e_user and
 * e_item beside them (Eq. 14) unless {@code fusion.name: none}; trained with validation-based early
 * stopping, then the chosen epoch's weights evaluated once on validation and test. Its key is the
 * run's: the folder under {@code results/<experiment>} that the grid runner skips or reuses.
 */
public final class TrainStage implements Stage<TrainStage.Trained> {
    static final TrainStage UNOBSERVED = new TrainStage(TrainingListener.NONE, null);

    private final TrainingListener listener;
    private final Path checkpoint;

    /**
     * @param listener   told each epoch (progress, tracking)
     * @param checkpoint where {@code train.checkpoint: true} saves the chosen epoch's weights (null: nowhere)
     */
    public TrainStage(TrainingListener listener, Path checkpoint) {
        this.listener = listener;
        this.checkpoint = checkpoint;
    }

    /** The fit and the chosen epoch's validation and test metrics ({@code val.auc}, ..., {@code train.seconds}). */
    public record Trained(TrainingResult result, Map<String, Double> metrics) {
    }

    @Override
    public String name() {
        return "train";
    }

    /** Everything but {@code tracking} (where results go does not change what is trained). */
    @Override
    public List<String> settings() {
        return SpecSchema.root().children().keySet().stream().filter(s -> !s.equals("tracking")).toList();
    }

    @Override
    public String cacheKey(ResolvedConfig config) {
        return RunKeys.runKey(config.toYaml());
    }

    @Override
    public boolean memoized() {
        return false; // the runner keeps finished runs in their folders
    }

    @Override
    public Trained compute(StageContext ctx) {
        ResolvedConfig config = ctx.config();
        long seed = config.longValue("train.seed");
        PreparedData data = ctx.output(Pipeline.PREPARE);
        Backbone backbone = Backbones.byName(config.string("backbone.name"));
        SideInput side = fusion(ctx);
        CtrModel model = null;
        try {
            model = backbone.create(new ModelContext(data.features(), data.samples().recentLength, side,
                    config.section("backbone.params"), seed));
            CtrData train = new CtrData(data.features(), data.samples(), data.samples().rows(Split.TRAIN), side);
            CtrData validation = new CtrData(data.features(), data.samples(), data.samples().rows(Split.VALIDATION), side);
            CtrData test = new CtrData(data.features(), data.samples(), data.samples().rows(Split.TEST), side);
            TrainSettings settings = new TrainSettings(config.integer("train.epochs"), config.integer("train.batchSize"),
                    config.number("train.learningRate"), config.integer("train.patience"), config.number("train.l2"), seed,
                    config.integer("train.threads"));
            TrainingResult result = model.fit(train, validation, settings, listener);
            Map<String, Double> metrics = evaluate(model, validation, test, result);
            if (config.bool("train.checkpoint") && checkpoint != null) {
                model.saveCheckpoint(checkpoint);
                if (side instanceof org.hitlbm.fusion.fuse.FusionSideInput fusion
                        && model instanceof org.hitlbm.backbones.nn.NeuralCtrModel neural) {
                    Path serving = checkpoint.resolve("fusion");
                    try {
                        org.hitlbm.fusion.fuse.UserInterestModel.save(serving, fusion, neural.sideLayer());
                    } catch (java.io.IOException e) {
                        throw org.hitlbm.data.io.StorageException.writing(serving, e);
                    }
                }
            }
            return new Trained(result, metrics);
        } finally {
            if (model != null) {
                model.close(); // neural models hold native memory
            }
        }
    }

    /** The fusion as the backbone's side input (e_user and e_item, Eq. 14), or null for {@code fusion.name: none}. */
    private static SideInput fusion(StageContext ctx) {
        String name = ctx.config().string("fusion.name");
        if (Fusions.NONE.equals(name)) {
            return null;
        }
        return Fusions.create(name, ctx.config().section("fusion.params"), ctx.output(Pipeline.VECTORS));
    }

    /** Validation and test metrics of the chosen epoch's weights; the test set chose nothing. */
    private static Map<String, Double> evaluate(CtrModel model, CtrData validation, CtrData test, TrainingResult result) {
        double[] validationProb = model.predict(validation);
        double[] testProb = model.predict(test);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("val.auc", AUC.of(validation.labels(), validationProb));
        m.put("val.logloss", LogLoss.of(validation.labels(), validationProb));
        m.put("test.auc", AUC.of(test.labels(), testProb));
        m.put("test.logloss", LogLoss.of(test.labels(), testProb));
        m.put("best_epoch", (double) result.bestEpoch());
        m.put("epochs_run", (double) result.epochsRun());
        m.put("train.seconds", result.seconds());
        int threads = result.history().stream().mapToInt(r -> r.times().threads()).max().orElse(0);
        if (threads > 0) {
            m.put("train.threads", (double) threads); // the most any epoch used (train.threads: 0 chooses per epoch)
        }
        for (String metric : LocalRunRecord.REQUIRED_METRICS) {
            if (!Double.isFinite(m.get(metric))) {
                // e.g. AUC of a split with one class: a run without its metrics must not count as finished
                throw new IllegalStateException(metric + " is " + m.get(metric) + " (a split with one class, or no rows?)");
            }
        }
        return m;
    }
}
