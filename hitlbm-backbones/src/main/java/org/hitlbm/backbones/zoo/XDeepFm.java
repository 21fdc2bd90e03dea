package org.hitlbm.backbones.zoo;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.CtrNetwork;
import org.hitlbm.backbones.nn.Embedded;
import org.hitlbm.backbones.nn.FeatureEmbeddings;
import org.hitlbm.backbones.nn.NeuralBackbone;
import org.hitlbm.data.settings.Rule;
import org.hitlbm.data.settings.Setting;
import org.hitlbm.nn.layers.CompressedInteractionNetwork;
import org.hitlbm.nn.layers.Mlp;

/**
 * xDeepFM (Lian et al., KDD'18): a linear term, a Compressed Interaction Network (explicit,
 * vector-wise feature interactions of growing degree) and a ReLU DNN, logits summed.
 * The linear term is one learned scalar per feature value ({@link Embedded#linear()}); the CIN is
 * {@link CompressedInteractionNetwork} (plain, identity activation, as in the paper).
 */
public final class XDeepFm extends NeuralBackbone {
    @Override
    public String name() {
        return "xdeepfm";
    }

    @Override
    public String description() {
        return "xDeepFM: linear + Compressed Interaction Network (vector-wise crosses) + DNN";
    }

    @Override
    protected List<Setting> modelParams() {
        return List.of(Setting.text("cinLayers", "50,50", Rule.units(false), "feature maps of each CIN layer"));
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
        private final CompressedInteractionNetwork cin;
        private final Mlp dnn;

        Network(ModelContext context, FeatureEmbeddings embeddings) {
            super(embeddings);
            cin = child("cin", new CompressedInteractionNetwork(embeddings.numFields(),
                    Mlp.parseUnits(context.stringParam("cinLayers"))));
            dnn = child("dnn", head(context, embeddings.flatWidth(), Mlp.Act.RELU));
        }

        @Override
        protected NDArray logit(Embedded e) {
            NDArray flat = e.flatFields();
            return e.linear().add(cin.apply(e.fields())).add(dnn.apply(flat));
        }
    }
}
