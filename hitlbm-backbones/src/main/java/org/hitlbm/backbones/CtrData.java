package org.hitlbm.backbones;

import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.data.sample.FeatureSpace;

/**
 * A view of some rows of the CTR samples (a split) with what a model needs to read them. Side
 * features (the fusion's e_user/e_item) join here later; models that see none ignore them.
 */
public record CtrData(FeatureSpace features, CtrSamples samples, int[] rows) {

    public int size() {
        return rows.length;
    }

    public int[] labels() {
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = samples.label[rows[i]];
        }
        return labels;
    }
}
