package org.hitlbm.backbones.linear;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.backbones.CtrModel;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.nn.metrics.AUC;
import org.hitlbm.nn.metrics.LogLoss;
import org.hitlbm.nn.side.SideFeatures;
import org.hitlbm.nn.side.SideInput;
import org.hitlbm.nn.train.EarlyStopping;
import org.hitlbm.nn.train.EpochReport;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.hitlbm.nn.train.TrainingResult;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Tribuo's linear SGD with the logistic loss. Tribuo trainers cannot resume, so epoch e is a fresh
 * fit of e epochs with the same seed: the same shuffles, hence the first e epochs of a longer
 * run. That costs e(e+1)/2 epochs in all, cheap for a linear model, and gives honest per-epoch
 * validation metrics and early stopping like every other backbone.
 *
 * <p>Static side features ({@link SideFeatures}) enter as dense features {@code side0..}. A
 * trainable side input (a fusion module) is refused with an error rather than silently dropped:
 * Tribuo cannot train a DJL layer, and an "LR + fusion" result that used no fusion would mislead.
 */
final class LogisticRegressionModel implements CtrModel {
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");
    private static final LabelFactory LABELS = new LabelFactory();
    private static final Label POSITIVE = new Label("1");
    private static final Label NEGATIVE = new Label("0");

    private final OneHotFeatures features;
    private Model<Label> model;

    LogisticRegressionModel(ModelContext context) {
        this.features = new OneHotFeatures(context.features(), context.boolParam("userFeatures"),
                context.boolParam("historyFeatures"));
        TRIBUO_LOG.setLevel(Level.WARNING); // its per-epoch INFO lines would drown the progress line
    }

    @Override
    public TrainingResult fit(CtrData train, CtrData validation, TrainSettings settings, TrainingListener listener) {
        long start = System.nanoTime();
        MutableDataset<Label> dataset = dataset(train);
        List<Example<Label>> validationExamples = examples(validation);
        int[] validationTruth = validation.labels();
        EarlyStopping stopping = new EarlyStopping(settings.patience());
        List<EpochReport> history = new ArrayList<>();
        Model<Label> best = null;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(settings.learningRate()),
                    epoch, Integer.MAX_VALUE, 1, settings.seed());
            Model<Label> candidate = trainer.train(dataset);
            double[] validationProb = probabilities(candidate, validationExamples);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("val.auc", AUC.of(validationTruth, validationProb));
            metrics.put("val.logloss", LogLoss.of(validationTruth, validationProb));
            boolean improved = stopping.observe(epoch, metrics.get("val.auc"));
            if (improved || best == null) {
                best = candidate;
            }
            EpochReport report = new EpochReport(epoch, settings.epochs(), metrics, seconds(epochStart), improved);
            history.add(report);
            listener.onEpochEnd(report);
            if (stopping.shouldStop(epoch)) {
                break;
            }
        }
        model = best;
        TrainingResult result = new TrainingResult(stopping.bestEpoch(), List.copyOf(history), seconds(start));
        listener.onTrainingEnd(result);
        return result;
    }

    @Override
    public double[] predict(CtrData data) {
        if (model == null) {
            throw new IllegalStateException("predict before fit");
        }
        return probabilities(model, examples(data));
    }

    /** Tribuo's provenance of the fitted model: trainer, its settings and the data it saw. */
    String provenance() {
        return model == null ? "" : model.getProvenance().toString();
    }

    private MutableDataset<Label> dataset(CtrData data) {
        SimpleDataSourceProvenance provenance = new SimpleDataSourceProvenance("hitlbm CTR samples (" + data.size() + " rows)", LABELS);
        return new MutableDataset<>(new ListDataSource<>(examples(data), LABELS, provenance));
    }

    private List<Example<Label>> examples(CtrData data) {
        SideFeatures side = staticSide(data.side());
        List<Example<Label>> out = new ArrayList<>(data.size());
        for (int row : data.rows()) {
            Map<String, Double> f = features.of(data.samples(), row);
            for (int j = 0; side != null && j < side.width(); j++) {
                f.put("side" + j, (double) side.values()[row * side.width() + j]);
            }
            String[] names = f.keySet().toArray(new String[0]);
            double[] values = f.values().stream().mapToDouble(Double::doubleValue).toArray();
            Label label = data.samples().label[row] == 1 ? POSITIVE : NEGATIVE;
            out.add(new ArrayExample<>(label, names, values));
        }
        return out;
    }

    private static SideFeatures staticSide(SideInput side) {
        if (side == null || side instanceof SideFeatures) {
            return (SideFeatures) side;
        }
        throw new IllegalArgumentException("lr (Tribuo) cannot use side input " + side.getClass().getSimpleName()
                + (side.trainable() ? ": it has a module to train jointly, which only the neural backbones can do"
                : ": only static SideFeatures are supported")
                + "; use a neural backbone, or precomputed SideFeatures");
    }

    private static double[] probabilities(Model<Label> model, List<Example<Label>> examples) {
        List<Prediction<Label>> predictions = model.predict(examples);
        double[] prob = new double[predictions.size()];
        for (int i = 0; i < prob.length; i++) {
            Label positive = predictions.get(i).getOutputScores().get("1");
            prob[i] = positive == null ? 0.0 : positive.getScore();
        }
        return prob;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
