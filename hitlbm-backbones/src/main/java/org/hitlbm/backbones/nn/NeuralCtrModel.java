package org.hitlbm.backbones.nn;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.backbones.CtrModel;
import org.hitlbm.nn.layers.ScalarOperands;
import org.hitlbm.nn.metrics.AUC;
import org.hitlbm.nn.metrics.LogLoss;
import org.hitlbm.nn.side.SideInput;
import org.hitlbm.nn.side.SideLayer;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.hitlbm.nn.train.TrainingLoop;
import org.hitlbm.nn.train.TrainingResult;

/**
 * Trains any {@link CtrNetwork} the same way, with the toolkit's {@link TrainingLoop}: Adam with
 * cosine decay, mini-batches in a seeded shuffle, binary cross-entropy on logits plus L2 on the
 * looked-up embeddings (and the network's auxiliary loss, if it returns one), validation AUC and
 * LogLoss after every epoch, early stopping, and the best epoch's weights restored at the end. The side
 * layer (a fusion module, or nothing for static features) is part of the network: built and
 * seeded with it, trained with it, kept in the best weights and saved in checkpoints.
 */
public final class NeuralCtrModel implements CtrModel {
    private static final int EVAL_BATCH = 2048;

    private final String name;
    private final int sideWidth;
    private final Function<SideLayer, CtrNetwork> networkFactory;
    private Model model;
    private CtrNetwork network;
    private SideLayer sideLayer;
    private SideInput fittedSide;

    /**
     * @param sideWidth      the side vector width the network was designed for (0 = none)
     * @param networkFactory a fresh network around a side layer (null when there is no side input)
     */
    public NeuralCtrModel(String name, int sideWidth, Function<SideLayer, CtrNetwork> networkFactory) {
        this.name = name;
        this.sideWidth = sideWidth;
        this.networkFactory = networkFactory;
    }

    /** Builds and initialises the network with the run seed, so a seed means the same weights. */
    private void build(long seed, SideInput side) {
        if (model != null) {
            model.close();
        }
        if ((side == null ? 0 : side.width()) != sideWidth) {
            throw new IllegalArgumentException(name + " was built for side width " + sideWidth
                    + " (ModelContext.sideWidth) but the training data's side input has width "
                    + (side == null ? 0 : side.width()));
        }
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        fittedSide = side;
        sideLayer = side == null ? null : side.newLayer();
        network = networkFactory.apply(sideLayer);
        model = Model.newInstance(name, Device.cpu(), "PyTorch");
        model.setBlock(network);
        network.initialize(model.getNDManager(), DataType.FLOAT32);
    }

    @Override
    public TrainingResult fit(CtrData train, CtrData validation, TrainSettings settings, TrainingListener listener) {
        long start = System.nanoTime();
        build(settings.seed(), train.side());
        network.regularize(settings.l2() > 0);
        requireSameSide(validation);
        int stepsPerEpoch = TrainingLoop.batchesPerEpoch(train.size(), settings.batchSize());
        CosineTracker schedule = CosineTracker.builder().setBaseValue((float) settings.learningRate())
                .optFinalValue((float) settings.learningRate() * 0.01f).setMaxUpdates(Math.max(1, stepsPerEpoch * settings.epochs())).build();
        Random negatives = new Random(settings.seed() * 31 + 7); // its own stream: shuffles stay the same
        return new TrainingLoop(model, settings)
                .learningRate(schedule)
                .lossTerms((loss, out, rows) -> {
                    NDArray total = settings.l2() > 0 ? loss.add(ScalarOperands.times(out.get(1), (float) settings.l2() / rows)) : loss;
                    return out.size() > 2 ? total.add(out.get(2)) : total; // e.g. DIEN's auxiliary loss
                })
                .validation(() -> validationMetrics(validation))
                .listener(listener)
                .clockFrom(start)
                .fit(allRows(train.size()), (batch, order, from, to) -> {
                    NDList x = Inputs.batch(batch, train, order, from, to);
                    NDArray y = Inputs.labels(batch, train, order, from, to);
                    if (network.usesNegativeBehaviors()) {
                        x.addAll(Inputs.negatives(batch, train, order, from, to, negatives));
                    }
                    return new TrainingLoop.Batch(x, y);
                });
    }

    private Map<String, Double> validationMetrics(CtrData validation) {
        double[] prob = predict(validation);
        int[] truth = validation.labels();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(TrainingLoop.VAL_AUC, AUC.of(truth, prob));
        metrics.put("val.logloss", LogLoss.of(truth, prob));
        return metrics;
    }

    @Override
    public double[] predict(CtrData data) {
        if (model == null) {
            throw new IllegalStateException("predict before fit, or after close");
        }
        requireSameSide(data);
        int[] order = allRows(data.size());
        double[] prob = new double[data.size()];
        ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(model.getNDManager(), false);
        for (int from = 0; from < order.length; from += EVAL_BATCH) {
            int to = Math.min(order.length, from + EVAL_BATCH);
            try (NDManager batch = model.getNDManager().newSubManager()) {
                NDList x = Inputs.batch(batch, data, order, from, to);
                float[] p = Activation.sigmoid(network.forward(store, x, false).get(0)).toFloatArray();
                for (int i = 0; i < p.length; i++) {
                    prob[from + i] = p[i];
                }
            }
        }
        return prob;
    }

    /** Data read by a fitted network must pack its side arrays the way the training data did. */
    private void requireSameSide(CtrData data) {
        SideInput side = data.side();
        boolean same = side == fittedSide || side != null && fittedSide != null && side.getClass() == fittedSide.getClass()
                && side.width() == fittedSide.width() && side.arrays() == fittedSide.arrays();
        if (!same) {
            throw new IllegalArgumentException(name + " was trained with side input " + describe(fittedSide)
                    + " but is given " + describe(side));
        }
    }

    private static String describe(SideInput side) {
        return side == null ? "none" : side.getClass().getSimpleName() + " of width " + side.width();
    }

    /** The side input's layer inside the network (e.g. a fusion), trained with it; null without a side input. */
    public SideLayer sideLayer() {
        return sideLayer;
    }

    /**
     * What the network reads from the side input for each row of {@code data} (e.g. a fusion's
     * e_user and e_item side by side), in evaluation mode: (rows x width), row-major.
     */
    public float[] sideVectors(CtrData data) {
        if (model == null || sideLayer == null) {
            throw new IllegalStateException(model == null ? "sideVectors before fit, or after close" : name + " has no side input");
        }
        requireSameSide(data);
        int width = data.side().width();
        float[] out = new float[data.size() * width];
        sideLayer.bind(new ai.djl.training.ParameterStore(model.getNDManager(), false), false);
        for (int from = 0; from < data.size(); from += EVAL_BATCH) {
            int to = Math.min(data.size(), from + EVAL_BATCH);
            try (NDManager batch = model.getNDManager().newSubManager()) {
                int[] rows = java.util.Arrays.copyOfRange(data.rows(), from, to);
                float[] v = sideLayer.apply(data.side().pack(batch, data.samples(), rows)).toFloatArray();
                System.arraycopy(v, 0, out, from * width, v.length);
            }
        }
        return out;
    }

    /**
     * Arrays the model's manager holds: parameters and, after training, what training left (the
     * optimizer's state). A batch, trained or scored, must add none: its arrays close with it
     * (see {@code Layer.onBatchOf}).
     */
    public int arraysHeld() {
        if (model == null) {
            throw new IllegalStateException("arraysHeld before fit, or after close");
        }
        return ((ai.djl.ndarray.BaseNDManager) model.getNDManager()).getManagedArrays().size();
    }

    /** Number of trainable values, for the bench table. */
    public long parameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /** Saves the current (best) weights with DJL's format, e.g. as a run's checkpoint. */
    @Override
    public void saveCheckpoint(Path dir) {
        try {
            Files.createDirectories(dir);
            model.save(dir, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save model to " + dir, e);
        }
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
            model = null;
        }
    }

    private static int[] allRows(int n) {
        return IntStream.range(0, n).toArray();
    }
}
