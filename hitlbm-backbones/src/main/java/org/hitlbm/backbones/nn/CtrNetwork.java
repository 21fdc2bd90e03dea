package org.hitlbm.backbones.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A whole CTR model as one DJL block: the shared feature layer, then the backbone's own logit.
 * Output: (logit (B, 1), L2 regularizer (scalar)).
 */
public abstract class CtrNetwork extends Layer {
    protected final FeatureEmbeddings embeddings;

    protected CtrNetwork(FeatureEmbeddings embeddings) {
        this.embeddings = child("embeddings", embeddings);
    }

    /** The backbone: from embedded features to one logit per sample, (B, 1). */
    protected abstract NDArray logit(Embedded e);

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        bind(parameterStore, training);
        Embedded e = embeddings.embed(inputs);
        return new NDList(logit(e), e.regularizer());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1), new Shape()};
    }
}
