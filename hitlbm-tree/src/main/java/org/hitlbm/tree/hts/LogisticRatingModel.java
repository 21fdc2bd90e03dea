package org.hitlbm.tree.hts;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hitlbm.nn.metrics.AUC;
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
 * A linear rating model: Tribuo's logistic regression (linear SGD, logistic loss, AdaGrad) on
 * the dense encoder vector, features named f0..fN. A fixed number of epochs, seeded; the
 * validation holdout only measures.
 */
public final class LogisticRatingModel implements RatingModel {
    public static final int DEFAULT_EPOCHS = 10;
    public static final double DEFAULT_LEARNING_RATE = 0.1;
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");
    private static final LabelFactory LABELS = new LabelFactory();
    private static final Label POSITIVE = new Label("1");
    private static final Label NEGATIVE = new Label("0");

    private final int epochs;
    private final double learningRate;
    private Model<Label> model;
    private String[] names;

    public LogisticRatingModel() {
        this(DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE);
    }

    public LogisticRatingModel(int epochs, double learningRate) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1: " + epochs);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0: " + learningRate);
        }
        this.epochs = epochs;
        this.learningRate = learningRate;
        TRIBUO_LOG.setLevel(Level.WARNING); // its per-epoch INFO lines are noise here
    }

    @Override
    public RatingFit fit(float[][] x, int[] y, int[] groups, long seed) {
        int width = RatingHoldout.checkInputs(x, y);
        RatingHoldout split = RatingHoldout.split(y, groups, seed);
        names = new String[width];
        for (int j = 0; j < width; j++) {
            names[j] = "f" + j;
        }
        List<Example<Label>> train = examples(x, y, split.train);
        SimpleDataSourceProvenance provenance = new SimpleDataSourceProvenance(
                "hts rating samples (" + train.size() + " rows)", LABELS);
        MutableDataset<Label> dataset = new MutableDataset<>(new ListDataSource<>(train, LABELS, provenance));
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(learningRate),
                epochs, Integer.MAX_VALUE, 1, seed);
        model = trainer.train(dataset);
        int[] validationTruth = RatingHoldout.labels(y, split.validation);
        double validationAuc = AUC.of(validationTruth, probabilities(examples(x, y, split.validation)));
        return new RatingFit(split.train.length, split.validation.length, validationAuc, RatingHoldout.positiveRate(y));
    }

    @Override
    public double[] score(float[][] x) {
        if (model == null) {
            throw new IllegalStateException("score before fit");
        }
        RatingHoldout.checkRows(x, names.length);
        int[] all = new int[x.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return probabilities(examples(x, null, all));
    }

    /** The width, then Tribuo's protobuf form of the fitted model (provenance included). */
    @Override
    public byte[] weights() {
        if (model == null) {
            throw new IllegalStateException("weights before fit");
        }
        byte[] proto = model.serialize().toByteArray();
        return java.nio.ByteBuffer.allocate(4 + proto.length).putInt(names.length).put(proto).array();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(byte[] weights) {
        try {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(weights);
            int width = buffer.getInt();
            byte[] proto = new byte[buffer.remaining()];
            buffer.get(proto);
            model = (Model<Label>) Model.deserialize(org.tribuo.protos.core.ModelProto.parseFrom(proto));
            names = new String[width];
            for (int j = 0; j < width; j++) {
                names[j] = "f" + j;
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("not logistic rating-model weights: " + e.getMessage(), e);
        }
    }

    /** Tribuo's provenance of the fitted model: trainer, its settings and the data it saw. */
    public String provenance() {
        return model == null ? "" : model.getProvenance().toString();
    }

    private List<Example<Label>> examples(float[][] x, int[] y, int[] rows) {
        List<Example<Label>> out = new ArrayList<>(rows.length);
        for (int row : rows) {
            double[] values = new double[names.length];
            for (int j = 0; j < values.length; j++) {
                values[j] = x[row][j];
            }
            Label label = y == null ? LABELS.getUnknownOutput() : (y[row] == 1 ? POSITIVE : NEGATIVE);
            out.add(new ArrayExample<>(label, names, values));
        }
        return out;
    }

    private double[] probabilities(List<Example<Label>> examples) {
        if (examples.isEmpty()) {
            return new double[0];
        }
        List<Prediction<Label>> predictions = model.predict(examples);
        double[] prob = new double[predictions.size()];
        for (int i = 0; i < prob.length; i++) {
            Label positive = predictions.get(i).getOutputScores().get("1");
            prob[i] = positive == null ? 0.0 : positive.getScore();
        }
        return prob;
    }
}
