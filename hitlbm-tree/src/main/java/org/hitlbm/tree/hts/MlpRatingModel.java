package org.hitlbm.tree.hts;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.hitlbm.nn.metrics.AUC;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingLoop;

/**
 * The paper's default rating model: an MLP (in -> hidden ReLU, dropout -> 1 logit) on encoder
 * vectors, trained by the toolkit's {@link TrainingLoop}: binary cross-entropy, Adam at a fixed
 * learning rate, seeded mini-batches. Validation AUC is checked after every epoch; training stops
 * after {@link #PATIENCE} epochs without a new best and the best epoch's weights are restored.
 * When the validation rows hold one class (or there are none) the AUC is undefined: all epochs
 * run and the last weights are kept.
 */
public final class MlpRatingModel implements RatingModel, AutoCloseable {
    public static final int DEFAULT_HIDDEN_UNITS = 128;
    static final float DROPOUT = 0.1f;
    static final float LEARNING_RATE = 1e-3f;
    static final int BATCH_SIZE = 64;
    static final int MAX_EPOCHS = 30;
    static final int PATIENCE = 5;
    private static final int EVAL_BATCH = 2048;

    private final int hiddenUnits;
    private Model model;
    private RatingNetwork network;
    private int width;

    public MlpRatingModel() {
        this(DEFAULT_HIDDEN_UNITS);
    }

    public MlpRatingModel(int hiddenUnits) {
        if (hiddenUnits < 1) {
            throw new IllegalArgumentException("hiddenUnits must be >= 1: " + hiddenUnits);
        }
        this.hiddenUnits = hiddenUnits;
    }

    public int hiddenUnits() {
        return hiddenUnits;
    }

    private void build(int in, long seed) {
        close();
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        network = new RatingNetwork(in, hiddenUnits, DROPOUT);
        model = Model.newInstance("hts-rating-mlp", Device.cpu(), "PyTorch");
        model.setBlock(network);
        network.initialize(model.getNDManager(), DataType.FLOAT32);
        width = in;
    }

    @Override
    public RatingFit fit(float[][] x, int[] y, int[] groups, long seed) {
        int in = RatingHoldout.checkInputs(x, y);
        RatingHoldout split = RatingHoldout.split(y, groups, seed);
        build(in, seed);
        int[] validationTruth = RatingHoldout.labels(y, split.validation);
        boolean canValidate = !Double.isNaN(AUC.of(validationTruth, new double[validationTruth.length]));
        TrainingLoop loop = new TrainingLoop(model, new TrainSettings(MAX_EPOCHS, BATCH_SIZE, LEARNING_RATE, PATIENCE, 0, seed));
        if (canValidate) {
            loop.validation(() -> Map.of(TrainingLoop.VAL_AUC, AUC.of(validationTruth, score(x, split.validation))));
        }
        loop.fit(split.train, (batch, order, from, to) -> {
            NDArray features = rows(batch, x, order, from, to);
            float[] labels = new float[to - from];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = y[order[from + i]];
            }
            return new TrainingLoop.Batch(new NDList(features), batch.create(labels, new Shape(labels.length, 1)));
        });
        double validationAuc = canValidate ? AUC.of(validationTruth, score(x, split.validation)) : Double.NaN;
        return new RatingFit(split.train.length, split.validation.length, validationAuc, RatingHoldout.positiveRate(y));
    }

    @Override
    public double[] score(float[][] x) {
        if (model == null) {
            throw new IllegalStateException("score before fit, or after close");
        }
        RatingHoldout.checkRows(x, width);
        int[] all = new int[x.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return score(x, all);
    }

    private double[] score(float[][] x, int[] rows) {
        double[] prob = new double[rows.length];
        ParameterStore store = new ParameterStore(model.getNDManager(), false);
        for (int from = 0; from < rows.length; from += EVAL_BATCH) {
            int to = Math.min(rows.length, from + EVAL_BATCH);
            try (NDManager batch = model.getNDManager().newSubManager()) {
                NDArray features = rows(batch, x, rows, from, to);
                float[] p = Activation.sigmoid(network.forward(store, new NDList(features), false).get(0)).toFloatArray();
                for (int i = 0; i < p.length; i++) {
                    prob[from + i] = p[i];
                }
            }
        }
        return prob;
    }

    private NDArray rows(NDManager manager, float[][] x, int[] rows, int from, int to) {
        float[] flat = new float[(to - from) * width];
        for (int i = from; i < to; i++) {
            System.arraycopy(x[rows[i]], 0, flat, (i - from) * width, width);
        }
        return manager.create(flat, new Shape(to - from, width));
    }

    /** The width, the hidden units, then DJL's parameter stream of the network. */
    @Override
    public byte[] weights() {
        if (model == null) {
            throw new IllegalStateException("weights before fit, or after close");
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(width);
            out.writeInt(hiddenUnits);
            network.saveParameters(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void restore(byte[] weights) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(weights))) {
            int in0 = in.readInt();
            int hidden = in.readInt();
            if (in0 < 1 || hidden != hiddenUnits) {
                throw new IllegalArgumentException("weights of an MLP of width " + in0 + " and " + hidden + " hidden units, not "
                        + hiddenUnits);
            }
            build(in0, 0);
            network.loadParameters(model.getNDManager(), in);
        } catch (java.io.IOException | ai.djl.MalformedModelException e) {
            close();
            throw new IllegalArgumentException("not MLP rating-model weights: " + e.getMessage(), e);
        }
    }

    /** Frees the native weights; the model scores again only after another fit. */
    @Override
    public void close() {
        if (model != null) {
            model.close();
            model = null;
            network = null;
        }
    }
}
