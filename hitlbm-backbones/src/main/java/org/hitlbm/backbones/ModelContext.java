package org.hitlbm.backbones;

import java.util.Map;
import org.hitlbm.data.sample.FeatureSpace;

/**
 * What a backbone needs to build a model.
 *
 * @param features     field vocabularies (embedding table sizes)
 * @param recentLength k, recent behaviors per sample
 * @param params       the backbone's own parameters, defaults already filled in
 * @param sideWidth    width of the dense side features (0 = none)
 * @param seed         seeds every random choice of the model
 */
public record ModelContext(FeatureSpace features, int recentLength, int sideWidth, Map<String, Object> params, long seed) {

    public ModelContext(FeatureSpace features, int recentLength, Map<String, Object> params, long seed) {
        this(features, recentLength, 0, params, seed);
    }

    public int intParam(String key) {
        return ((Number) params.get(key)).intValue();
    }

    public double doubleParam(String key) {
        return ((Number) params.get(key)).doubleValue();
    }

    public boolean boolParam(String key) {
        return (Boolean) params.get(key);
    }

    public String stringParam(String key) {
        return String.valueOf(params.get(key));
    }
}
