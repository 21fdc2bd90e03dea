package org.hitlbm.backbones.zoo;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.CtrNetwork;
import org.hitlbm.backbones.nn.Embedded;
import org.hitlbm.backbones.nn.FeatureEmbeddings;
import org.hitlbm.backbones.nn.NeuralBackbone;
import org.hitlbm.data.settings.Setting;
import org.hitlbm.nn.layers.FactorizationMachine;
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
    protected List<Setting> modelParams() {
        return List.of();
    }

    @Override
    protected boolean firstOrderTerm() {
        return true;
    }

    @Override
    protected CtrNetwork network(ModelContext context, FeatureEmbeddings embeddings) {
        return new Network(context, embeddings);
    }

    static final class Network extends CtrNetwork {
        private final Mlp dnn;

        Network(ModelContext context, FeatureEmbeddings embeddings) {
            super(embeddings);
            dnn = child("dnn", head(context, embeddings.flatWidth(), Mlp.Act.RELU));
        }

        @Override
        protected NDArray logit(Embedded e) {
            NDArray flat = e.flatFields();
            return e.linear().add(FactorizationMachine.pairwiseInteractions(e.fields())).add(dnn.apply(flat));
        }
    }
}
