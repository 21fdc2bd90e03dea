package org.hitlbm.fusion.fuse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.backbones.CtrModel;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.nn.metrics.AUC;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fusion learns with the backbone (SPEC Eq. 14): when the label is a function of the chunk
 * vectors alone, a backbone with a fusion must beat the same backbone without one, on users it
 * never saw in training (so no user can be memorised).
 */
class FusionJointTrainingTest {
    private static final int D = 8;
    private static PreparedData data;
    private static ChunkVectors vectors;
    private static int[] trainRows;
    private static int[] validationRows;

    @BeforeAll
    static void prepare() {
        data = FusionFixtures.data(150, 150, 10);
        Random random = new Random(41);
        ChunkVectors.Builder b = ChunkVectors.builder(D);
        for (UserChunks c : data.chunks()) {
            float[][] chunks = FusionFixtures.randomChunks(random, c.count(), D);
            for (float[] chunk : chunks) {
                unit(chunk);
            }
            b.user(c.user(), chunks);
        }
        for (int item = 1; item < data.features().itemVocabulary(); item++) {
            b.item(item, unit(FusionFixtures.gaussian(random, D)));
        }
        vectors = b.build();
        CtrSamples s = data.samples();
        relabel(s);
        // rows that see a chunk, every 5th (many users, few rows each); users split in two
        int[] rows = IntStream.range(0, s.size).filter(r -> s.visibleChunks[r] > 0 && r % 5 == 0).toArray();
        trainRows = IntStream.of(rows).filter(r -> s.user[r] % 3 != 0).limit(4000).toArray();
        validationRows = IntStream.of(rows).filter(r -> s.user[r] % 3 == 0).limit(1000).toArray();
    }

    /** Encoders give unit vectors. */
    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    /** label = [mean of the visible chunk vectors . item vector > 0]: only the chunks tell. */
    private static void relabel(CtrSamples s) {
        for (int row = 0; row < s.size; row++) {
            double dot = 0;
            float[] item = vectors.item(s.item[row]);
            for (int j = 0; j < s.visibleChunks[row]; j++) {
                float[] chunk = vectors.chunk(s.user[row], j);
                for (int k = 0; k < D; k++) {
                    dot += chunk[k] * item[k];
                }
            }
            s.label[row] = dot > 0 ? 1 : 0;
        }
    }

    private static double validationAuc(String fusion) {
        FusionSideInput side = Fusions.create(fusion, Map.of(), vectors);
        Backbone din = Backbones.byName("din");
        CtrData train = new CtrData(data.features(), data.samples(), trainRows, side);
        CtrData validation = new CtrData(data.features(), data.samples(), validationRows, side);
        try (CtrModel m = din.create(new ModelContext(data.features(), 5, side, din.defaultParams(), 1))) {
            m.fit(train, validation, new TrainSettings(6, 128, 3e-3, 6, 0, 1), TrainingListener.NONE);
            return AUC.of(validation.labels(), m.predict(validation));
        }
    }

    @Test
    void aBackboneWithAFusionLearnsWhatOnlyTheChunksTell() {
        double without = validationAuc("none");
        double mlp = validationAuc("mlp");
        double tif = validationAuc("tif");
        System.out.printf("DIN validation AUC on unseen users: alone %.4f, + mlp %.4f, + tif %.4f%n", without, mlp, tif);
        assertTrue(without < 0.6, "the IDs alone cannot tell: " + without);
        assertTrue(mlp > without + 0.25, "DIN + MLP fusion " + mlp + " vs DIN alone " + without);
        assertTrue(tif > without + 0.05, "DIN + TIF " + tif + " vs DIN alone " + without);
    }
}
