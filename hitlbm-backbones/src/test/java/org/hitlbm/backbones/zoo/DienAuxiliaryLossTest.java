package org.hitlbm.backbones.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.backbones.CtrModel;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.CtrNetwork;
import org.hitlbm.backbones.nn.FeatureEmbeddings;
import org.hitlbm.backbones.nn.Inputs;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.hitlbm.nn.metrics.AUC;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.junit.jupiter.api.Test;

class DienAuxiliaryLossTest {
    private static final PreparedData DATA = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(50), 5)
            .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(30).withItems(120)));

    private static ModelContext context(double auxWeight) {
        Map<String, Object> params = new Dien().defaultParams();
        params.put("auxLossWeight", auxWeight);
        return new ModelContext(DATA.features(), 5, 0, params, 1);
    }

    @Test
    void negativesNeverRepeatTheBehaviorAndKeepPadding() {
        CtrData d = new CtrData(DATA.features(), DATA.samples(), DATA.samples().rows(Split.TRAIN));
        int[] order = new int[d.size()];
        Arrays.setAll(order, i -> i);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            long[] negatives = Inputs.negatives(m, d, order, 0, d.size(), new Random(1)).get(0).toLongArray();
            long[] positives = Inputs.batch(m, d, order, 0, d.size()).get(Inputs.HISTORY_ITEMS).toLongArray();
            for (int i = 0; i < positives.length; i++) {
                assertEquals(positives[i] == 0, negatives[i] == 0, "padding stays padding at " + i);
                assertTrue(positives[i] == 0 || negatives[i] != positives[i], "a negative is another item");
            }
        }
    }

    @Test
    void theAuxiliaryLossIsAddedOnlyInTrainingPassesAndOnlyWhenWeighted() {
        CtrData d = new CtrData(DATA.features(), DATA.samples(), Arrays.copyOf(DATA.samples().rows(Split.TRAIN), 64));
        int[] order = new int[64];
        Arrays.setAll(order, i -> i);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (double weight : new double[] {0.0, 1.0}) {
                CtrNetwork net = new Dien().network(context(weight), new FeatureEmbeddings(DATA.features(), 32, 0));
                net.initialize(m, DataType.FLOAT32);
                assertEquals(weight > 0, net.usesNegativeBehaviors());
                NDList x = Inputs.batch(m, d, order, 0, 64);
                if (net.usesNegativeBehaviors()) {
                    x.addAll(Inputs.negatives(m, d, order, 0, 64, new Random(2)));
                }
                NDList training = net.forward(new ParameterStore(m, false), x, true);
                NDList evaluation = net.forward(new ParameterStore(m, false), x, false);
                assertEquals(weight > 0 ? 3 : 2, training.size());
                assertEquals(2, evaluation.size(), "never at evaluation");
                if (weight > 0) {
                    NDArray aux = training.get(2);
                    assertEquals(new Shape(), aux.getShape());
                    // an untrained scorer is near chance: about 2 * ln 2 per pair
                    assertEquals(2 * Math.log(2), aux.getFloat(), 0.3);
                }
            }
        }
    }

    @Test
    void trainsWithTheAuxiliaryLossOn() {
        CtrData tiny = new CtrData(DATA.features(), DATA.samples(), Arrays.copyOf(DATA.samples().rows(Split.TRAIN), 128));
        try (CtrModel m = Backbones.byName("dien").create(context(1.0))) {
            m.fit(tiny, tiny, new TrainSettings(40, 32, 1e-2, 40, 0, 3), TrainingListener.NONE);
            double auc = AUC.of(tiny.labels(), m.predict(tiny));
            assertFalse(Double.isNaN(auc));
            assertTrue(auc > 0.95, "training AUC " + auc);
        }
    }
}
