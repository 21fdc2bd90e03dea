package org.hitlbm.backbones.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Map;
import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.backbones.CtrModel;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.hitlbm.nn.layers.CrossNetwork;
import org.hitlbm.nn.metrics.AUC;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.junit.jupiter.api.Test;

class DcnV2Test {

    /** With W = I and b = 0 one cross layer is x0 * x0 + x0, elementwise. */
    @Test
    void crossLayerWithIdentityWeightIsSquarePlusInput() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            CrossNetwork cross = new CrossNetwork(3, 1);
            cross.initialize(manager, DataType.FLOAT32);
            for (Parameter p : cross.getParameters().values()) {
                NDArray value = p.getArray();
                value.subi(value);
                if (value.getShape().dimension() == 2) {
                    value.addi(manager.eye(3));
                }
            }
            cross.bind(new ParameterStore(manager, false), false);
            NDArray x = manager.create(new float[] {1, -2, 0.5f, 3, 0, -1}, new Shape(2, 3));
            float[] out = cross.apply(x).toFloatArray();
            assertArrayEquals(new float[] {2, 2, 0.75f, 12, 0, 0}, out, 1e-6f);
        }
    }

    /** The contract test covers the default (parallel) structure; the stacked one must fit too. */
    @Test
    void stackedStructureFitsATinySet() {
        PreparedData data = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(50), 5)
                .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(30).withItems(120)));
        Backbone dcn = Backbones.byName("dcnv2");
        Map<String, Object> params = dcn.defaultParams();
        params.put("structure", "stacked");
        CtrModel m = dcn.create(new ModelContext(data.features(), data.samples().recentLength, 0, params, 3));
        CtrData tiny = new CtrData(data.features(), data.samples(), Arrays.copyOf(data.samples().rows(Split.TRAIN), 128));
        m.fit(tiny, tiny, new TrainSettings(40, 32, 1e-2, 40, 0, 3), TrainingListener.NONE);
        double auc = AUC.of(tiny.labels(), m.predict(tiny));
        assertTrue(auc > 0.95, "stacked dcnv2 training AUC " + auc);

        params.put("structure", "diagonal");
        // rejected when the model is created, before any training
        assertThrows(IllegalArgumentException.class,
                () -> dcn.create(new ModelContext(data.features(), data.samples().recentLength, 0, params, 3)));
    }
}
