package org.hitlbm.backbones.zoo;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.CtrNetwork;
import org.hitlbm.backbones.nn.Embedded;
import org.hitlbm.backbones.nn.FeatureEmbeddings;
import org.hitlbm.backbones.nn.NeuralBackbone;
import org.hitlbm.nn.layers.Mlp;

/**
 * DeepFM (Guo et al., IJCAI'17): a factorization machine (first-order term plus the pairwise inner
 * products of the field embeddings) and a ReLU DNN over the same embeddings, logits summed.
 * The first-order term is FM's: one learned scalar per feature value ({@link Embedded#linear()}).
 */
public final class DeepFm extends NeuralBackbone {
    @Override
    public String name() {
        return "deepfm";
    }

    @Override
    public String description() {
        return "DeepFM: FM (linear + pairwise field inner products) plus a DNN on shared embeddings";
    }

    @Override
    protected Map<String, Object> modelParams() {
        return Map.of();
    }

    @Override
    protected boolean firstOrderTerm() {
        return true;
    }

    @Override
    protected CtrNetwork network(ModelContext context, FeatureEmbeddings embeddings) {
        return new Network(context, embeddings);
    }

    /**
     * FM's second-order term, sum over i < j of <v_i, v_j>, computed in O(F d) as
     * 0.5 * ((sum_i v_i)^2 - sum_i v_i^2) summed over the embedding dimensions.
     *
     * @param fields (B, F, d)
     * @return (B, 1)
     */
    static NDArray pairwiseInteractions(NDArray fields) {
        NDArray squareOfSum = fields.sum(new int[] {1}).square();
        NDArray sumOfSquares = fields.square().sum(new int[] {1});
        return squareOfSum.sub(sumOfSquares).sum(new int[] {1}, true).mul(0.5f);
    }

    static final class Network extends CtrNetwork {
        private final Mlp dnn;

        Network(ModelContext context, FeatureEmbeddings embeddings) {
            super(embeddings);
            int width = embeddings.numFields() * embeddings.dim();
            dnn = child("dnn", head(context, width, Mlp.Act.RELU));
        }

        @Override
        protected NDArray logit(Embedded e) {
            NDArray flat = e.flatFields();
            return e.linear().add(pairwiseInteractions(e.fields())).add(dnn.apply(flat));
        }
    }
}
