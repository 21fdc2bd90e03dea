package org.hitlbm.tree.hts;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.hitlbm.nn.layers.Layer;
import org.hitlbm.nn.layers.Mlp;

/** The rating MLP as one DJL block: (B, in) encoder vectors to one logit per row, (B, 1). */
final class RatingNetwork extends Layer {
    private final Mlp mlp;

    RatingNetwork(int in, int hiddenUnits, float dropout) {
        this.mlp = child("mlp", new Mlp(in, new int[] {hiddenUnits}, Mlp.Act.RELU, dropout, 1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        bind(parameterStore, training);
        return new NDList(mlp.apply(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }
}
