package org.hitlbm.backbones.linear;

import java.util.List;
import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.CtrModel;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.data.settings.Setting;

/** Logistic regression over one-hot features (Tribuo SGD): the baseline every backbone must beat. */
public final class LogisticRegressionBackbone implements Backbone {
    @Override
    public String name() {
        return "lr";
    }

    @Override
    public String description() {
        return "logistic regression over one-hot item, category, user and recent-behavior features (Tribuo SGD)";
    }

    @Override
    public List<Setting> params() {
        return List.of(
                Setting.flag("userFeatures", true, "one-hot gender, age and occupation"),
                Setting.flag("historyFeatures", true, "the recent behaviours' items as a bag"));
    }

    /** AdaGrad on sparse one-hot features wants a far larger step than Adam on embeddings. */
    @Override
    public double defaultLearningRate() {
        return 0.1;
    }

    @Override
    public CtrModel create(ModelContext context) {
        return new LogisticRegressionModel(context);
    }
}
