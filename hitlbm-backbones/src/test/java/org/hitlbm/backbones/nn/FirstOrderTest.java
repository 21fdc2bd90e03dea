package org.hitlbm.backbones.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.data.Domain;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.Item;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.UserProfile;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.SplitMode;
import org.junit.jupiter.api.Test;

class FirstOrderTest {

    @Test
    void linearTermSumsOneScalarPerFeatureAndAveragesOnlyRealRecentItems() {
        RawDataset raw = new RawDataset("t", Domain.MOVIES,
                List.of(new Item(1, "a", "A", List.of("X")), new Item(2, "b", "B", List.of("Y"))),
                List.of(UserProfile.anonymous(1, "u")),
                List.of(new Interaction(1, 2, 5, 1), new Interaction(1, 2, 4, 2)), null);
        PreparedData data = new DataPipeline(new PreprocessConfig(1, 0, 3, SplitMode.GLOBAL_TIME, 0.5, 0),
                ChunkingConfig.byCount(2), 3).prepare(raw);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            FeatureEmbeddings layer = new FeatureEmbeddings(data.features(), 4, 0, true);
            layer.initialize(manager, DataType.FLOAT32);
            for (Pair<String, Parameter> p : layer.getParameters()) {
                if (p.getKey().endsWith("firstOrder_items")) {
                    p.getValue().getArray().set(new float[] {0f, 0f, 0.5f}); // pad, item 1, item 2
                }
            }
            layer.bind(new ParameterStore(manager, false), false);
            CtrData rows = new CtrData(data.features(), data.samples(), new int[] {0, 1});
            NDList in = Inputs.batch(manager, rows, new int[] {0, 1}, 0, 2);
            Embedded e = layer.embed(in);
            // sample 0: item 2, no history -> 0.5; sample 1: item 2, history [pad, pad, 2] -> 0.5 + 0.5
            assertArrayEquals(new float[] {0.5f, 1.0f}, e.linear().toFloatArray(), 1e-6f);
            assertNull(new FeatureEmbeddings(data.features(), 4, 0).embedLinearOrNull(), "off unless asked for");
        }
    }
}
