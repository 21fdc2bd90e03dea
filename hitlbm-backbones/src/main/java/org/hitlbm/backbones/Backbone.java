package org.hitlbm.backbones;

import java.util.List;
import java.util.Map;
import org.hitlbm.data.settings.Setting;

/**
 * A CTR model family, found through {@link java.util.ServiceLoader}: a module that implements
 * this and lists the class in {@code META-INF/services/org.hitlbm.backbones.Backbone} can be named
 * in YAML ({@code backbone.name}) with no other change.
 */
public interface Backbone {
    /** The name used in YAML and on {@code list}; lower case, unique. */
    String name();

    /** One line for {@code list}. */
    String description();

    /**
     * Every parameter this backbone takes under {@code backbone.params}, declared once: default,
     * allowed values and a line of help. The default's type is the parameter's type (Integer,
     * Double, Boolean or String); unknown keys, wrong types and values outside the declaration are
     * rejected by {@code validate}, before any run starts.
     */
    List<Setting> params();

    /** Each param's default, in declaration order. */
    default Map<String, Object> defaultParams() {
        return Setting.defaults(params());
    }

    /** The learning rate used when the spec leaves {@code train.learningRate} out. */
    default double defaultLearningRate() {
        return 1e-3;
    }

    CtrModel create(ModelContext context);
}
