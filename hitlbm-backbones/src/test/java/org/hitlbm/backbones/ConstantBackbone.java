package org.hitlbm.backbones;

import java.util.List;
import org.hitlbm.data.settings.Setting;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.hitlbm.nn.train.TrainingResult;

/**
 * A test-scope backbone registered only through META-INF/services under src/test/resources: it
 * shows that a backbone outside this module's main code is found with no other change.
 */
public final class ConstantBackbone implements Backbone {
    @Override
    public String name() {
        return "constant-test";
    }

    @Override
    public String description() {
        return "predicts the training positive rate (test fixture)";
    }

    @Override
    public List<Setting> params() {
        return List.of(Setting.number("shrink", 0.0, 0, 1, "how far predictions shrink towards 0.5"));
    }

    @Override
    public CtrModel create(ModelContext context) {
        return new CtrModel() {
            private double rate;

            @Override
            public TrainingResult fit(CtrData train, CtrData validation, TrainSettings settings, TrainingListener listener) {
                int[] labels = train.labels();
                double positives = 0;
                for (int l : labels) {
                    positives += l;
                }
                rate = (1 - context.doubleParam("shrink")) * positives / Math.max(1, labels.length);
                return new TrainingResult(1, List.of(), 0);
            }

            @Override
            public double[] predict(CtrData data) {
                double[] p = new double[data.size()];
                java.util.Arrays.fill(p, rate);
                return p;
            }
        };
    }
}
