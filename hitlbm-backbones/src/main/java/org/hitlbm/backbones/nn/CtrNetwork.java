package org.hitlbm.backbones.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.hitlbm.nn.layers.Layer;

/**
 * A whole CTR model as one DJL block: the shared feature layer, then the backbone's own logit.
 * Output: (logit (B, 1), L2 regularizer (scalar; 0 unless {@link #regularize} and training)) and, in training passes of models with one, an
 * auxiliary loss (scalar, already weighted) that the trainer adds to the cross-entropy.
 */
public abstract class CtrNetwork extends Layer {
    protected final FeatureEmbeddings embeddings;
    private NDArray auxiliaryLoss;
    private boolean regularized = true;

    protected CtrNetwork(FeatureEmbeddings embeddings) {
        this.embeddings = child("embeddings", embeddings);
    }

    /** The backbone: from embedded features to one logit per sample, (B, 1). */
    protected abstract NDArray logit(Embedded e);

    /** True when training batches must carry negative behaviors ({@link Embedded#negativeHistory()}). */
    public boolean usesNegativeBehaviors() {
        return false;
    }

    /**
     * Whether training passes compute the L2 regularizer (output 1); without it they output a
     * scalar 0 there and save its ops. Evaluation passes never compute it.
     */
    public void regularize(boolean on) {
        regularized = on;
    }

    /** Called from {@link #logit} in a training pass: a weighted loss term beside the cross-entropy. */
    protected void addAuxiliaryLoss(NDArray loss) {
        auxiliaryLoss = auxiliaryLoss == null ? loss : auxiliaryLoss.add(loss);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        bind(parameterStore, training);
        auxiliaryLoss = null;
        Embedded e = embeddings.embed(inputs);
        NDArray logit = logit(e);
        NDList out = new NDList(logit, training && regularized ? e.regularizer() : logit.getManager().zeros(new Shape()));
        if (training && auxiliaryLoss != null) {
            out.add(auxiliaryLoss);
        }
        auxiliaryLoss = null; // never carried into the next pass
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1), new Shape()};
    }
}
