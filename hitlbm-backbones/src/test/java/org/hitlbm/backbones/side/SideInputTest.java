package org.hitlbm.backbones.side;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.backbones.CtrModel;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.NeuralBackbone;
import org.hitlbm.backbones.nn.NeuralCtrModel;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.hitlbm.nn.metrics.AUC;
import org.hitlbm.nn.side.SideFeatures;
import org.hitlbm.nn.side.SideInput;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Side inputs with a trainable layer and several arrays, and the models that refuse them. */
class SideInputTest {
    private static final TrainSettings ONE_EPOCH = new TrainSettings(1, 64, 1e-3, 1, 1e-6, 1);
    private static PreparedData data;
    private static int[] trainRows;
    private static int[] testRows;

    @BeforeAll
    static void prepare() {
        data = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(50), 5)
                .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(30).withItems(120)));
        trainRows = Arrays.copyOf(data.samples().rows(Split.TRAIN), 200);
        testRows = Arrays.copyOf(data.samples().rows(Split.TEST), 77);
    }

    private static CtrData split(int[] rows, SideInput side) {
        return new CtrData(data.features(), data.samples(), rows, side);
    }

    private static CtrModel model(String backbone, Map<String, Object> params, SideInput side) {
        return Backbones.byName(backbone).create(new ModelContext(data.features(), 5, side, params, 1));
    }

    private static void assertProbabilities(double[] p, int n, String what) {
        assertEquals(n, p.length, what);
        for (double x : p) {
            assertTrue(x > 0 && x < 1, what + ": " + x);
        }
    }

    @Test
    void everyNeuralBackboneTrainsASideLayerOverTwoArrays() {
        TwoArraySide side = new TwoArraySide(6);
        for (Backbone b : Backbones.all()) {
            if (b instanceof NeuralBackbone) {
                CtrModel m = model(b.name(), b.defaultParams(), side);
                m.fit(split(trainRows, side), split(trainRows, side), ONE_EPOCH, TrainingListener.NONE);
                assertProbabilities(m.predict(split(testRows, side)), testRows.length, b.name());
                m.close();
            }
        }
    }

    @Test
    void diensNegativesComeAfterEverySideArray() {
        Map<String, Object> params = Backbones.byName("dien").defaultParams();
        params.put("auxLossWeight", 1.0);
        TwoArraySide side = new TwoArraySide(6);
        try (CtrModel m = model("dien", params, side)) {
            m.fit(split(trainRows, side), split(trainRows, side), ONE_EPOCH, TrainingListener.NONE);
            assertProbabilities(m.predict(split(testRows, side)), testRows.length, "dien with negatives");
        }
    }

    @Test
    void theSideLayersWeightsArePartOfTheModel() {
        TwoArraySide trainable = new TwoArraySide(6);
        SideFeatures fixed = new SideFeatures(6, new float[data.samples().size * 6]);
        long[] counts = new long[2];
        SideInput[] sides = {fixed, trainable};
        for (int i = 0; i < 2; i++) {
            try (NeuralCtrModel m = (NeuralCtrModel) model("din", Backbones.byName("din").defaultParams(), sides[i])) {
                m.fit(split(trainRows, sides[i]), split(trainRows, sides[i]), ONE_EPOCH, TrainingListener.NONE);
                counts[i] = m.parameterCount();
            }
        }
        assertEquals(trainable.parameterCount(), counts[1] - counts[0], "trained, kept in best weights and saved with the rest");
    }

    @Test
    void aSideInputMustMatchTheModel() {
        TwoArraySide side = new TwoArraySide(6);
        CtrModel wrongWidth = model("din", Backbones.byName("din").defaultParams(), new TwoArraySide(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> wrongWidth.fit(split(trainRows, side), split(trainRows, side), ONE_EPOCH, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("side width 4"), e.getMessage());
        try (CtrModel m = model("din", Backbones.byName("din").defaultParams(), side)) {
            m.fit(split(trainRows, side), split(trainRows, side), ONE_EPOCH, TrainingListener.NONE);
            SideFeatures other = new SideFeatures(6, new float[data.samples().size * 6]);
            e = assertThrows(IllegalArgumentException.class, () -> m.predict(split(testRows, other)));
            assertTrue(e.getMessage().contains("TwoArraySide"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.predict(split(testRows, null)));
            assertTrue(e.getMessage().contains("none"), e.getMessage());
        }
    }

    @Test
    void logisticRegressionReadsStaticFeaturesAndRefusesATrainableSideInput() {
        int[] train = data.samples().rows(Split.TRAIN);
        int[] validation = data.samples().rows(Split.VALIDATION);
        // a static feature that is the label itself: LR must find it
        float[] values = new float[data.samples().size];
        for (int row = 0; row < values.length; row++) {
            values[row] = data.samples().label[row] == 1 ? 1f : -1f;
        }
        SideFeatures label = new SideFeatures(1, values);
        CtrModel lr = model("lr", Backbones.byName("lr").defaultParams(), label);
        lr.fit(split(train, label), split(validation, label), new TrainSettings(2, 256, 0.1, 2, 0, 1), TrainingListener.NONE);
        CtrData v = split(validation, label);
        assertTrue(AUC.of(v.labels(), lr.predict(v)) > 0.99, "static side features reach the linear model");

        TwoArraySide trainable = new TwoArraySide(6);
        CtrModel refused = model("lr", Backbones.byName("lr").defaultParams(), trainable);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> refused.fit(split(train, trainable),
                split(validation, trainable), new TrainSettings(1, 256, 0.1, 1, 0, 1), TrainingListener.NONE));
        assertTrue(e.getMessage().contains("lr") && e.getMessage().contains("neural backbone"), e.getMessage());
    }
}
