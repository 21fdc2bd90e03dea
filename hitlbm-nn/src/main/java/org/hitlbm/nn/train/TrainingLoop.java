package org.hitlbm.nn.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The epoch loop every network here trains with, in the spirit of DJL's {@code EasyTrain.fit}:
 * per epoch a seeded shuffle of the training rows, mini-batches by index ranges of that order,
 * Adam on binary cross-entropy of the first output (logits) plus the caller's extra
 * {@link LossTerms}, then {@link Validation}, {@link EarlyStopping} on validation AUC, the best
 * epoch's {@link BestWeights} restored at the end, and a {@link TrainingListener} told about every
 * epoch and the end. The caller builds and initialises the model first, and supplies what differs
 * between models: how a batch's inputs and labels are built, the loss terms, how validation is
 * scored.
 *
 * <p>The order of work is fixed because results must not move: one {@code Random(seed)} shuffles
 * (Fisher-Yates, one draw per position) before every epoch; a batch is built, run forward, its
 * loss backpropagated and the optimizer stepped before the next is built, so draws the caller
 * makes while building batches (e.g. sampled negatives) keep their order too.
 */
public final class TrainingLoop {
    /** The metric early stopping and best weights go by; {@link Validation} must report it. */
    public static final String VAL_AUC = "val.auc";
    /** Mean data loss (without the extra terms) over the epoch's rows. */
    public static final String TRAIN_LOSS = "train.loss";

    /** One batch: the network's inputs and the labels of its first output. */
    public record Batch(NDList inputs, NDArray labels) {
    }

    /** Builds the batch of rows {@code order[from..to)}. */
    @FunctionalInterface
    public interface Batches {
        /** @param manager holds the batch's arrays; closed after the optimizer step */
        Batch build(NDManager manager, int[] order, int from, int to);
    }

    /** What is added to the data loss before backpropagation, e.g. an L2 penalty or an auxiliary loss. */
    @FunctionalInterface
    public interface LossTerms {
        LossTerms NONE = (loss, outputs, rows) -> loss;

        /**
         * @param loss    binary cross-entropy of the batch (a mean over its rows)
         * @param outputs everything the network returned for the batch
         * @param rows    rows in the batch
         * @return the loss to backpropagate
         */
        NDArray total(NDArray loss, NDList outputs, int rows);
    }

    /** Scores the current weights on held-out data after an epoch. */
    @FunctionalInterface
    public interface Validation {
        /** @return metrics in report order; must hold {@link #VAL_AUC} (NaN when undefined) */
        Map<String, Double> evaluate();
    }

    private final Model model;
    private final TrainSettings settings;
    private Tracker learningRate;
    private LossTerms lossTerms = LossTerms.NONE;
    private Validation validation;
    private TrainingListener listener = TrainingListener.NONE;
    private Long startNanos; // null: the clock starts in fit

    /**
     * @param model    built and initialised; its block is the network trained
     * @param settings epochs, batch size, patience and the shuffle seed; the learning rate is the
     *                 default of {@link #learningRate(Tracker)}; {@code l2} is not read here, since
     *                 only the caller knows which output carries the penalty (see {@link LossTerms})
     */
    public TrainingLoop(Model model, TrainSettings settings) {
        this.model = model;
        this.settings = settings;
        this.learningRate = Tracker.fixed((float) settings.learningRate());
    }

    /** The learning-rate schedule; by default the settings' rate, fixed. */
    public TrainingLoop learningRate(Tracker schedule) {
        this.learningRate = schedule;
        return this;
    }

    public TrainingLoop lossTerms(LossTerms terms) {
        this.lossTerms = terms;
        return this;
    }

    /**
     * Validation after every epoch. Without it every epoch runs, the last weights are kept, no
     * epoch is reported as best, and the result's best epoch is the last one.
     */
    public TrainingLoop validation(Validation validation) {
        this.validation = validation;
        return this;
    }

    public TrainingLoop listener(TrainingListener listener) {
        this.listener = listener;
        return this;
    }

    /** When the result's seconds start counting (a {@link System#nanoTime()}); default: when {@link #fit} starts. */
    public TrainingLoop clockFrom(long nanoTime) {
        this.startNanos = nanoTime;
        return this;
    }

    /** Batches needed for one pass over {@code rows} rows. */
    public static int batchesPerEpoch(int rows, int batchSize) {
        return (rows + batchSize - 1) / batchSize;
    }

    /**
     * Trains on {@code rows} (indices the {@link Batches} understand; the array is not changed).
     *
     * @return the epoch whose weights the model now holds, and one report per epoch run
     */
    public TrainingResult fit(int[] rows, Batches batches) {
        long start = startNanos != null ? startNanos : System.nanoTime();
        NativeHeap.keepFreedMemory();
        Optimizer adam = Adam.builder().optLearningRateTracker(learningRate).build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss("bce", 1f, false))
                .optOptimizer(adam)
                .optDevices(new Device[] {Device.cpu()});
        EarlyStopping stopping = new EarlyStopping(settings.patience());
        List<EpochReport> history = new ArrayList<>();
        Random shuffle = new Random(settings.seed());
        int[] order = rows.clone();
        ComputeThreads threads = new ComputeThreads(settings.threads());
        try (Trainer trainer = model.newTrainer(config); NDManager snapshots = model.getNDManager().newSubManager()) {
            BestWeights best = new BestWeights(model.getBlock(), snapshots);
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                int epochThreads = threads.beforeEpoch();
                long epochStart = System.nanoTime();
                shuffleInPlace(order, shuffle);
                long[] phases = new long[4];
                double lossSum = trainEpoch(trainer, adam, order, batches, phases);
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put(TRAIN_LOSS, lossSum / Math.max(1, order.length));
                boolean improved = false;
                long validationStart = System.nanoTime();
                if (validation != null) {
                    metrics.putAll(validation.evaluate());
                    Double auc = metrics.get(VAL_AUC);
                    if (auc == null) {
                        throw new IllegalStateException("validation must report " + VAL_AUC + ", got " + metrics.keySet());
                    }
                    improved = stopping.observe(epoch, auc);
                    if (improved || best.isEmpty()) {
                        best.keep();
                    }
                }
                StepTimes times = new StepTimes(phases[0] / 1e9, phases[1] / 1e9, phases[2] / 1e9, phases[3] / 1e9,
                        seconds(validationStart), epochThreads);
                EpochReport report = new EpochReport(epoch, settings.epochs(), metrics, seconds(epochStart), improved, times);
                history.add(report);
                listener.onEpochEnd(report);
                if (validation != null && stopping.shouldStop(epoch)) {
                    break;
                }
            }
            best.restore();
        }
        int bestEpoch = validation != null ? stopping.bestEpoch() : history.size();
        TrainingResult result = new TrainingResult(bestEpoch, List.copyOf(history), seconds(start));
        listener.onTrainingEnd(result);
        return result;
    }

    /**
     * @param phases nanoseconds spent assembling batches, forward, backward and stepping, added to
     * @return the sum over rows of the data loss
     */
    private double trainEpoch(Trainer trainer, Optimizer optimizer, int[] order, Batches batches, long[] phases) {
        double lossSum = 0;
        Loss bce = trainer.getLoss();
        List<Parameter> trainable = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p.getValue());
            }
        }
        for (int from = 0; from < order.length; from += settings.batchSize()) {
            int to = Math.min(order.length, from + settings.batchSize());
            try (NDManager manager = model.getNDManager().newSubManager()) {
                long t0 = System.nanoTime();
                Batch batch = batches.build(manager, order, from, to);
                long t1 = System.nanoTime();
                long t2;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList out = trainer.forward(batch.inputs());
                    NDArray loss = bce.evaluate(new NDList(batch.labels()), new NDList(out.get(0)));
                    NDArray total = lossTerms.total(loss, out, to - from);
                    t2 = System.nanoTime();
                    collector.backward(total);
                    lossSum += loss.getFloat() * (to - from);
                }
                long t3 = System.nanoTime();
                step(optimizer, trainable);
                long t4 = System.nanoTime();
                phases[0] += t1 - t0;
                phases[1] += t2 - t1;
                phases[2] += t3 - t2;
                phases[3] += t4 - t3;
            }
        }
        return lossSum;
    }

    /**
     * What {@code Trainer.step()} does on one device, without its copy of every gradient (DJL's
     * parameter server duplicates each before the update, for multi-device reduction): the same
     * Adam update of every trainable parameter, in the same order, gradients zeroed by the update.
     */
    private static void step(Optimizer optimizer, List<Parameter> trainable) {
        for (Parameter p : trainable) {
            NDArray weight = p.getArray();
            try (NDArray gradient = weight.getGradient()) {
                optimizer.update(p.getId(), weight, gradient);
            }
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
