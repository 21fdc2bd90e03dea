package org.hitlbm.backbones;

import java.util.Map;

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
     * Every parameter this backbone takes under {@code backbone.params}, with its default. The
     * default's type is the parameter's type (Integer, Double, Boolean or String); unknown keys
     * and wrong types are rejected before any run starts.
     */
    Map<String, Object> defaultParams();

    /** The learning rate used when the spec leaves {@code train.learningRate} out. */
    default double defaultLearningRate() {
        return 1e-3;
    }

    CtrModel create(ModelContext context);
}
