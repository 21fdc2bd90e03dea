package org.hitlbm.backbones;

import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.data.sample.FeatureSpace;
import org.hitlbm.nn.side.SideInput;

/**
 * A view of some rows of the CTR samples (a split) with what a model needs to read them.
 *
 * @param side inputs beside the ID features for every sample row (static features or a trainable
 *             fusion), or null when there are none
 */
public record CtrData(FeatureSpace features, CtrSamples samples, int[] rows, SideInput side) {

    public CtrData {
        if (side != null) {
            side.checkCovers(samples);
        }
    }

    public CtrData(FeatureSpace features, CtrSamples samples, int[] rows) {
        this(features, samples, rows, null);
    }

    public int size() {
        return rows.length;
    }

    public int sideWidth() {
        return side == null ? 0 : side.width();
    }

    public int[] labels() {
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = samples.label[rows[i]];
        }
        return labels;
    }

    /** The same split restricted to a subset of its rows (positions into {@link #rows()}). */
    public CtrData subset(int from, int to) {
        return new CtrData(features, samples, java.util.Arrays.copyOfRange(rows, from, to), side);
    }
}
