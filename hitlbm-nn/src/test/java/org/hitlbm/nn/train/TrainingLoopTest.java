package org.hitlbm.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hitlbm.nn.metrics.AUC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared epoch loop on a one-layer logistic model over two features. */
class TrainingLoopTest {
    private static final int ROWS = 200;
    private final float[][] x = new float[ROWS][2];
    private final int[] y = new int[ROWS];
    private Model model;

    @BeforeEach
    void toyProblem() {
        // separable: the label is the sign of the first feature; the second is noise
        Random random = new Random(3);
        for (int i = 0; i < ROWS; i++) {
            x[i][0] = (float) random.nextGaussian();
            x[i][1] = (float) random.nextGaussian();
            y[i] = x[i][0] > 0 ? 1 : 0;
        }
        Engine.getEngine("PyTorch").setRandomSeed(1);
        model = Model.newInstance("toy", Device.cpu(), "PyTorch");
        Linear linear = Linear.builder().setUnits(1).build();
        model.setBlock(linear);
        linear.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 2));
    }

    @AfterEach
    void close() {
        model.close();
    }

    private TrainingLoop.Batch batch(ai.djl.ndarray.NDManager manager, int[] order, int from, int to) {
        float[] features = new float[(to - from) * 2];
        float[] labels = new float[to - from];
        for (int i = from; i < to; i++) {
            features[(i - from) * 2] = x[order[i]][0];
            features[(i - from) * 2 + 1] = x[order[i]][1];
            labels[i - from] = y[order[i]];
        }
        return new TrainingLoop.Batch(new NDList(manager.create(features, new Shape(to - from, 2))),
                manager.create(labels, new Shape(to - from, 1)));
    }

    private double[] scores() {
        float[] flat = new float[ROWS * 2];
        for (int i = 0; i < ROWS; i++) {
            flat[2 * i] = x[i][0];
            flat[2 * i + 1] = x[i][1];
        }
        try (var manager = model.getNDManager().newSubManager()) {
            float[] logits = model.getBlock().forward(new ParameterStore(manager, false),
                    new NDList(manager.create(flat, new Shape(ROWS, 2))), false).singletonOrThrow().toFloatArray();
            double[] out = new double[ROWS];
            for (int i = 0; i < ROWS; i++) {
                out[i] = logits[i];
            }
            return out;
        }
    }

    private float[] weights() {
        List<Float> all = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            for (float v : p.getValue().getArray().toFloatArray()) {
                all.add(v);
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    private static int[] allRows() {
        int[] rows = new int[ROWS];
        Arrays.setAll(rows, i -> i);
        return rows;
    }

    @Test
    void learnsASeparableProblemAndReportsEveryEpoch() {
        List<EpochReport> seen = new ArrayList<>();
        TrainingResult[] ended = new TrainingResult[1];
        TrainingResult result = new TrainingLoop(model, new TrainSettings(15, 16, 0.1, 100, 0, 7))
                .validation(() -> Map.of(TrainingLoop.VAL_AUC, AUC.of(y, scores())))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport report) {
                        seen.add(report);
                    }

                    @Override
                    public void onTrainingEnd(TrainingResult r) {
                        ended[0] = r;
                    }
                })
                .fit(allRows(), this::batch);
        assertEquals(15, result.epochsRun());
        assertEquals(result.history(), seen);
        assertEquals(result, ended[0]);
        for (int e = 0; e < seen.size(); e++) {
            assertEquals(e + 1, seen.get(e).epoch());
            assertEquals(List.of(TrainingLoop.TRAIN_LOSS, TrainingLoop.VAL_AUC), List.copyOf(seen.get(e).metrics().keySet()));
        }
        assertTrue(AUC.of(y, scores()) > 0.98, "AUC " + AUC.of(y, scores()));
        double firstLoss = seen.get(0).metrics().get(TrainingLoop.TRAIN_LOSS);
        double lastLoss = seen.get(seen.size() - 1).metrics().get(TrainingLoop.TRAIN_LOSS);
        assertTrue(lastLoss < firstLoss, firstLoss + " -> " + lastLoss);
    }

    @Test
    void stopsAfterPatienceEpochsWithoutABetterAucAndRestoresTheBestEpochsWeights() {
        // scripted validation: epoch 2 is the best; 3 and 4 are not better, so patience 2 ends at 4
        Iterator<Double> aucs = List.of(0.6, 0.8, 0.7, 0.8, 0.95, 0.99).iterator();
        Map<Integer, float[]> weightsAt = new LinkedHashMap<>();
        List<Boolean> best = new ArrayList<>();
        TrainingResult result = new TrainingLoop(model, new TrainSettings(6, 32, 0.1, 2, 0, 7))
                .validation(() -> Map.of(TrainingLoop.VAL_AUC, aucs.next()))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport report) {
                        weightsAt.put(report.epoch(), weights());
                        best.add(report.best());
                    }
                })
                .fit(allRows(), this::batch);
        assertEquals(4, result.epochsRun());
        assertEquals(2, result.bestEpoch());
        assertEquals(List.of(true, true, false, false), best);
        assertNotEquals(Arrays.toString(weightsAt.get(2)), Arrays.toString(weightsAt.get(4)), "training moved the weights");
        assertArrayEquals(weightsAt.get(2), weights(), "the best epoch's weights are back");
    }

    @Test
    void withoutValidationEveryEpochRunsAndTheLastWeightsStay() {
        float[][] last = new float[1][];
        TrainingResult result = new TrainingLoop(model, new TrainSettings(3, 64, 0.1, 1, 0, 7))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport report) {
                        assertFalse(report.best());
                        last[0] = weights();
                    }
                })
                .fit(allRows(), this::batch);
        assertEquals(3, result.epochsRun());
        assertEquals(3, result.bestEpoch());
        assertArrayEquals(last[0], weights());
    }

    @Test
    void batchesCoverASeededShuffleOfTheRowsAndLossTermsSeeEachBatch() {
        int[] rows = new int[] {5, 9, 2, 7, 0, 3, 11};
        int[] untouched = rows.clone();
        List<int[]> epochOrders = new ArrayList<>();
        List<Integer> termRows = new ArrayList<>();
        new TrainingLoop(model, new TrainSettings(2, 3, 0.1, 1, 0, 42))
                .lossTerms((loss, outputs, n) -> {
                    termRows.add(n);
                    return loss;
                })
                .fit(rows, (manager, order, from, to) -> {
                    if (from == 0) {
                        epochOrders.add(order.clone());
                    }
                    return batch(manager, order, from, to);
                });
        assertArrayEquals(untouched, rows, "the caller's rows are not shuffled in place");
        assertEquals(List.of(3, 3, 1, 3, 3, 1), termRows, "batches by index ranges of 3");
        // the loop's shuffle: one Random(seed), Fisher-Yates before every epoch, continuing the last order
        Random random = new Random(42);
        int[] expected = rows.clone();
        for (int[] order : epochOrders) {
            for (int i = expected.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = expected[i];
                expected[i] = expected[j];
                expected[j] = t;
            }
            assertArrayEquals(expected, order);
        }
    }
}
