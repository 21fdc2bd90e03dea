package org.hitlbm.backbones.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.hitlbm.backbones.CtrData;
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
import org.junit.jupiter.api.Test;

/** The L2 term is computed only for training passes that use it; the logits never depend on it (dropout is 0 by default). */
class RegularizerOnDemandTest {
    private static final PreparedData DATA = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(50), 5)
            .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(20).withItems(80)));

    @Test
    void theRegularizerIsZeroUnlessAskedForAndTheLogitsAreTheSame() {
        CtrData d = new CtrData(DATA.features(), DATA.samples(), Arrays.copyOf(DATA.samples().rows(Split.TRAIN), 32));
        int[] order = new int[32];
        Arrays.setAll(order, i -> i);
        for (NeuralBackboneCase c : new NeuralBackboneCase[] {new NeuralBackboneCase("deepfm"), new NeuralBackboneCase("din")}) {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(3);
                CtrNetwork net = c.network(m);
                NDList x = Inputs.batch(m, d, order, 0, 32);
                net.regularize(true);
                NDList with = net.forward(new ParameterStore(m, false), x, true);
                net.regularize(false);
                NDList without = net.forward(new ParameterStore(m, false), x, true);
                NDList evaluation = net.forward(new ParameterStore(m, false), x, false);
                assertTrue(with.get(1).getFloat() > 0, c.name() + ": sum of squared embeddings");
                assertEquals(0f, without.get(1).getFloat(), c.name());
                assertEquals(0f, evaluation.get(1).getFloat(), c.name() + ": never at evaluation");
                assertArrayEquals(with.get(0).toFloatArray(), without.get(0).toFloatArray(), 0f, c.name());
            }
        }
    }

    /** DeepFM (with the first-order term, fields read) and DIN (neither). */
    private record NeuralBackboneCase(String name) {
        CtrNetwork network(NDManager m) {
            boolean deepFm = name.equals("deepfm");
            org.hitlbm.backbones.nn.NeuralBackbone backbone = deepFm ? new DeepFm() : new Din();
            ModelContext context = new ModelContext(DATA.features(), 5, 0, backbone.defaultParams(), 1);
            FeatureEmbeddings embeddings = new FeatureEmbeddings(DATA.features(), 8, 0, deepFm);
            CtrNetwork net = deepFm ? new DeepFm().network(context, embeddings) : new Din().network(context, embeddings);
            net.initialize(m, DataType.FLOAT32);
            return net;
        }
    }
}
