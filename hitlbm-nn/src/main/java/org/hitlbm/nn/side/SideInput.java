package org.hitlbm.nn.side;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.hitlbm.data.sample.CtrSamples;

/**
 * Inputs beside the ID features (SPEC Eq. 14: e_user and e_item), in two halves: the data half packs
 * raw arrays for a batch of sample rows; the model half is a fresh {@link SideLayer} that turns
 * them into one {@link #width()}-vector per sample inside the network, so a fusion module trains
 * jointly with any backbone. Static features ({@link SideFeatures}) are the case with no weights.
 *
 * <p>Give the same side input to every split a model sees (train, validation, test) and
 * its width to the model (a backbone's {@code ModelContext.sideWidth()}).
 */
public interface SideInput {
    /** Output width per sample: what the backbone sees. */
    int width();

    /** How many arrays {@link #pack} returns, always the same. */
    int arrays();

    /** Fails with a clear message when some sample row cannot be packed. */
    void checkCovers(CtrSamples samples);

    /**
     * The raw arrays for some sample rows (indices into {@code samples}, not positions in a
     * split), batch axis first.
     */
    NDList pack(NDManager manager, CtrSamples samples, int[] rows);

    /** A fresh, uninitialised layer for one network; called once per fit, after the seed is set. */
    SideLayer newLayer();

    /** True when {@link #newLayer()} has weights to train (models that cannot train a DJL layer refuse it). */
    boolean trainable();
}
