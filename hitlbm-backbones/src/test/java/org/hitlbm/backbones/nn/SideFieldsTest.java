package org.hitlbm.backbones.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.hitlbm.nn.side.SideFeatures;
import org.hitlbm.nn.side.SideLayer;
import org.junit.jupiter.api.Test;

/** e_user and e_item are two features (SPEC Eq. 14): two fields, so FM, CIN and bilinear layers can interact them. */
class SideFieldsTest {
    private static final PreparedData DATA = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(50), 5)
            .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(5).withItems(50)));

    /** A weightless side layer whose vector holds a 3-wide and a 5-wide feature side by side. */
    static SideLayer twoFeatures() {
        return new SideLayer(1, new int[] {3, 5}) {
            @Override
            public NDArray apply(NDList raw) {
                return raw.singletonOrThrow();
            }
        };
    }

    private static NDArray fields(NDManager manager, FeatureEmbeddings embeddings, float[] side) {
        int[] rows = Arrays.copyOf(DATA.samples().rows(Split.TRAIN), 2);
        CtrData data = new CtrData(DATA.features(), DATA.samples(), rows, null);
        NDList in = Inputs.batch(manager, data, rows, 0, 2);
        in.add(manager.create(side, new Shape(2, 8)));
        return embeddings.embed(in).fields();
    }

    @Test
    void eachSideFeatureIsAFieldOfItsOwn() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            FeatureEmbeddings split = new FeatureEmbeddings(DATA.features(), 4, twoFeatures(), false);
            split.initialize(manager, DataType.FLOAT32);
            split.bind(new ParameterStore(manager, false), false);
            assertEquals(FeatureEmbeddings.BASE_FIELDS + 2, split.numFields());
            float[] side = new float[16];
            for (int i = 0; i < 3; i++) {
                side[i] = i + 1; // row 0: e_user part set, e_item part zero
            }
            NDArray a = fields(manager, split, side);
            assertEquals(new Shape(2, FeatureEmbeddings.BASE_FIELDS + 2, 4), a.getShape());
            side[0] = -7; // change only the e_user part
            NDArray b = fields(manager, split, side);
            int itemField = FeatureEmbeddings.BASE_FIELDS + 1;
            assertArrayEquals(a.get(":, " + itemField + ", :").toFloatArray(), b.get(":, " + itemField + ", :").toFloatArray(), 0f,
                    "the e_item field reads only the e_item part");
            assertFalse(Arrays.equals(a.get(":, " + (itemField - 1) + ", :").toFloatArray(),
                    b.get(":, " + (itemField - 1) + ", :").toFloatArray()), "the e_user field reads the e_user part");

            FeatureEmbeddings joint = new FeatureEmbeddings(DATA.features(), 4, twoFeatures(), false, true);
            assertEquals(FeatureEmbeddings.BASE_FIELDS + 1, joint.numFields(), "joint: one field, as before");
            assertEquals(FeatureEmbeddings.BASE_FIELDS + 1, new FeatureEmbeddings(DATA.features(), 4, 8).numFields(),
                    "static features are one feature");
            assertArrayEquals(new int[] {8}, new SideFeatures(8, new float[8]).newLayer().fieldWidths());
        }
    }
}
