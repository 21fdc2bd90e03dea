package org.hitlbm.backbones;

import java.util.Map;
import org.hitlbm.data.sample.FeatureSpace;
import org.hitlbm.nn.side.SideInput;

/**
 * What a backbone needs to build a model.
 *
 * @param features     field vocabularies (embedding table sizes)
 * @param recentLength k, recent behaviors per sample
 * @param params       the backbone's own parameters, defaults already filled in
 * @param sideWidth    width of the side vector each sample gets from the data's
 *                     {@link SideInput} (0 = none); the network builds the side layer from the
 *                     training data's side input, which must have this width
 * @param seed         seeds every random choice of the model
 */
public record ModelContext(FeatureSpace features, int recentLength, int sideWidth, Map<String, Object> params, long seed) {

    public ModelContext(FeatureSpace features, int recentLength, Map<String, Object> params, long seed) {
        this(features, recentLength, 0, params, seed);
    }

    /** With the width of {@code side}, or none when it is null. */
    public ModelContext(FeatureSpace features, int recentLength, SideInput side, Map<String, Object> params, long seed) {
        this(features, recentLength, side == null ? 0 : side.width(), params, seed);
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
