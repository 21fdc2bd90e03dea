package org.hitlbm.backbones.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
import org.hitlbm.nn.metrics.AUC;
import org.hitlbm.nn.train.EpochReport;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.hitlbm.nn.train.TrainingResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
    private static PreparedData data;

    @BeforeAll
    static void prepare() {
        data = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(50), 5)
                .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(80).withItems(300)));
    }

    private static CtrData split(Split s) {
        return new CtrData(data.features(), data.samples(), data.samples().rows(s));
    }

    private static CtrModel model(long seed) {
        return Backbones.byName("lr").create(new ModelContext(data.features(), 5,
                Backbones.byName("lr").defaultParams(), seed));
    }

    @Test
    void learnsTheSyntheticSignalAndReportsEveryEpoch() {
        List<EpochReport> reports = new ArrayList<>();
        CtrModel lr = model(1);
        TrainingResult result = lr.fit(split(Split.TRAIN), split(Split.VALIDATION), new TrainSettings(3, 256, 0.1, 3, 0, 1),
                new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport report) {
                        reports.add(report);
                    }
                });
        assertEquals(3, reports.size());
        assertEquals(3, result.epochsRun());
        assertTrue(reports.get(0).metrics().containsKey("val.auc"));
        CtrData test = split(Split.TEST);
        double auc = AUC.of(test.labels(), lr.predict(test));
        assertTrue(auc > 0.7, "test AUC " + auc + " (liked items follow the user's genre interest)");
    }

    @Test
    void sameSeedSamePredictions() {
        TrainSettings settings = new TrainSettings(2, 256, 0.1, 3, 0, 7);
        CtrModel a = model(7);
        CtrModel b = model(7);
        a.fit(split(Split.TRAIN), split(Split.VALIDATION), settings, TrainingListener.NONE);
        b.fit(split(Split.TRAIN), split(Split.VALIDATION), settings, TrainingListener.NONE);
        assertArrayEquals(a.predict(split(Split.TEST)), b.predict(split(Split.TEST)), 0.0);
    }

    @Test
    void keepsTheBestValidationEpochNotTheLast() {
        List<EpochReport> reports = new ArrayList<>();
        CtrModel lr = model(3);
        // a large step overfits the one-hot item ids after the first epochs
        TrainingResult result = lr.fit(split(Split.TRAIN), split(Split.VALIDATION), new TrainSettings(4, 256, 1.0, 4, 0, 3),
                new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport report) {
                        reports.add(report);
                    }
                });
        int best = 1;
        for (EpochReport r : reports) {
            if (r.metrics().get("val.auc") > reports.get(best - 1).metrics().get("val.auc")) {
                best = r.epoch();
            }
        }
        assertEquals(best, result.bestEpoch());
        CtrData validation = split(Split.VALIDATION);
        assertEquals(reports.get(best - 1).metrics().get("val.auc"), AUC.of(validation.labels(), lr.predict(validation)), 1e-9,
                "the model holds the chosen epoch's weights");
    }
}
