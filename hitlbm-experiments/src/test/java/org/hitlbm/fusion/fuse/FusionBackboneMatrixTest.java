package org.hitlbm.fusion.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.backbones.CtrModel;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.NeuralBackbone;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.prep.Split;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fusion feeds every neural backbone: one epoch, then one probability per row. */
class FusionBackboneMatrixTest {
    private static PreparedData data;
    private static ChunkVectors vectors;
    private static int[] trainRows;
    private static int[] testRows;

    @BeforeAll
    static void prepare() {
        data = FusionFixtures.data(20, 100, 20);
        vectors = FusionFixtures.randomVectors(data, 8, 3);
        trainRows = Arrays.copyOf(data.samples().rows(Split.TRAIN), 128);
        testRows = Arrays.copyOf(data.samples().rows(Split.TEST), 45); // not a batch multiple
    }

    static Stream<String> neuralBackbones() {
        return Backbones.all().stream().filter(b -> b instanceof NeuralBackbone).map(Backbone::name);
    }

    @ParameterizedTest
    @MethodSource("neuralBackbones")
    void everyFusionFeedsTheBackbone(String backbone) {
        Backbone b = Backbones.byName(backbone);
        Map<String, Object> params = b.defaultParams();
        params.put("hiddenUnits", "16"); // small and quick: shapes are what is tested here
        for (String fusion : Fusions.names()) {
            FusionSideInput side = Fusions.create(fusion, Map.of(), vectors);
            CtrData train = new CtrData(data.features(), data.samples(), trainRows, side);
            CtrData test = new CtrData(data.features(), data.samples(), testRows, side);
            try (CtrModel m = b.create(new ModelContext(data.features(), 5, side, params, 1))) {
                m.fit(train, test, new TrainSettings(1, 64, 1e-3, 1, 1e-6, 1), TrainingListener.NONE);
                double[] p = m.predict(test);
                assertEquals(testRows.length, p.length, backbone + " + " + fusion);
                for (double x : p) {
                    assertTrue(x > 0 && x < 1, backbone + " + " + fusion + ": " + x);
                }
            }
        }
    }
}
