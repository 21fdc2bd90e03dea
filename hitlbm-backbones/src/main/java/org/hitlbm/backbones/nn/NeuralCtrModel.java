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
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.backbones.CtrModel;
import org.hitlbm.nn.metrics.AUC;
import org.hitlbm.nn.metrics.LogLoss;
import org.hitlbm.nn.side.SideInput;
import org.hitlbm.nn.side.SideLayer;
import org.hitlbm.nn.train.BestWeights;
import org.hitlbm.nn.train.EarlyStopping;
import org.hitlbm.nn.train.EpochReport;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.hitlbm.nn.train.TrainingResult;

/**
 * Trains any {@link CtrNetwork} the same way: Adam with cosine decay, mini-batches in a seeded
 * shuffle, binary cross-entropy on logits plus L2 on the looked-up embeddings, validation AUC
 * after every epoch, early stopping, and the best epoch's weights restored at the end. The side
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
        network = networkFactory.apply(side == null ? null : side.newLayer());
        model = Model.newInstance(name, Device.cpu(), "PyTorch");
        model.setBlock(network);
        network.initialize(model.getNDManager(), DataType.FLOAT32);
    }

    @Override
    public TrainingResult fit(CtrData train, CtrData validation, TrainSettings settings, TrainingListener listener) {
        long start = System.nanoTime();
        build(settings.seed(), train.side());
        requireSameSide(validation);
        int stepsPerEpoch = (train.size() + settings.batchSize() - 1) / settings.batchSize();
        CosineTracker schedule = CosineTracker.builder().setBaseValue((float) settings.learningRate())
                .optFinalValue((float) settings.learningRate() * 0.01f).setMaxUpdates(Math.max(1, stepsPerEpoch * settings.epochs())).build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss("bce", 1f, false))
                .optOptimizer(Adam.builder().optLearningRateTracker(schedule).build())
                .optDevices(new Device[] {Device.cpu()});
        EarlyStopping stopping = new EarlyStopping(settings.patience());
        List<EpochReport> history = new ArrayList<>();
        Random shuffle = new Random(settings.seed());
        Random negatives = new Random(settings.seed() * 31 + 7); // its own stream: shuffles stay the same
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        try (Trainer trainer = model.newTrainer(config); NDManager snapshots = model.getNDManager().newSubManager()) {
            BestWeights best = new BestWeights(network, snapshots);
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                shuffleInPlace(order, shuffle);
                double lossSum = trainEpoch(trainer, train, order, settings, negatives);
                double[] validationProb = predict(validation);
                int[] truth = validation.labels();
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("train.loss", lossSum / Math.max(1, train.size()));
                metrics.put("val.auc", AUC.of(truth, validationProb));
                metrics.put("val.logloss", LogLoss.of(truth, validationProb));
                boolean improved = stopping.observe(epoch, metrics.get("val.auc"));
                if (improved || best.isEmpty()) {
                    best.keep();
                }
                EpochReport report = new EpochReport(epoch, settings.epochs(), metrics, seconds(epochStart), improved);
                history.add(report);
                listener.onEpochEnd(report);
                if (stopping.shouldStop(epoch)) {
                    break;
                }
            }
            best.restore();
        }
        TrainingResult result = new TrainingResult(stopping.bestEpoch(), List.copyOf(history), seconds(start));
        listener.onTrainingEnd(result);
        return result;
    }

    private double trainEpoch(Trainer trainer, CtrData train, int[] order, TrainSettings settings, Random negatives) {
        double lossSum = 0;
        Loss bce = trainer.getLoss();
        for (int from = 0; from < order.length; from += settings.batchSize()) {
            int to = Math.min(order.length, from + settings.batchSize());
            try (NDManager batch = model.getNDManager().newSubManager()) {
                NDList x = Inputs.batch(batch, train, order, from, to);
                NDArray y = Inputs.labels(batch, train, order, from, to);
                if (network.usesNegativeBehaviors()) {
                    x.addAll(Inputs.negatives(batch, train, order, from, to, negatives));
                }
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList out = trainer.forward(x);
                    NDArray loss = bce.evaluate(new NDList(y), new NDList(out.get(0)));
                    NDArray total = settings.l2() > 0 ? loss.add(out.get(1).mul((float) settings.l2() / (to - from))) : loss;
                    if (out.size() > 2) {
                        total = total.add(out.get(2)); // e.g. DIEN's auxiliary loss
                    }
                    collector.backward(total);
                    lossSum += loss.getFloat() * (to - from);
                }
                trainer.step();
            }
        }
        return lossSum;
    }

    @Override
    public double[] predict(CtrData data) {
        if (model == null) {
            throw new IllegalStateException("predict before fit, or after close");
        }
        requireSameSide(data);
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
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

    private static void shuffleInPlace(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
