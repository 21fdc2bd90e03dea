package org.hitlbm.backbones.zoo;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.CtrNetwork;
import org.hitlbm.backbones.nn.Embedded;
import org.hitlbm.backbones.nn.FeatureEmbeddings;
import org.hitlbm.backbones.nn.NeuralBackbone;
import org.hitlbm.data.settings.Rule;
import org.hitlbm.data.settings.Setting;
import org.hitlbm.nn.layers.Dense;
import org.hitlbm.nn.layers.InteractingLayer;
import org.hitlbm.nn.layers.Mlp;

/**
 * AutoInt (Song et al., CIKM'19): stacked multi-head self-attention over the fields
 * ({@link InteractingLayer}), so each layer lets every field pick the fields it interacts with;
 * residual connections keep lower-order combinations; the last layer's fields are flattened into one logit. Defaults follow the authors'
 * code (3 layers, 1 head of size 64). With {@code useDnn} the shared MLP over the flat fields adds
 * its logit ("AutoInt+"); without it the common {@code hiddenUnits} are unused.
 */
public final class AutoInt extends NeuralBackbone {
    @Override
    public String name() {
        return "autoint";
    }

    @Override
    public String description() {
        return "AutoInt: multi-head self-attention over fields with residuals (optional DNN: AutoInt+)";
    }

    @Override
    protected List<Setting> modelParams() {
        return List.of(
                Setting.integer("attentionLayers", 3, 1, 64, "stacked self-attention layers"),
                Setting.integer("heads", 1, 1, 64, "attention heads"),
                Setting.integer("attentionDim", 64, 1, Rule.MAX_WIDTH, "width of each attention layer's output"),
                Setting.flag("useDnn", false, "also feed the flattened fields to an MLP (AutoInt+)"));
    }

    @Override
    protected CtrNetwork network(ModelContext context, FeatureEmbeddings embeddings) {
        return new Network(context, embeddings);
    }

    static final class Network extends CtrNetwork {
        private final List<InteractingLayer> attention = new ArrayList<>();
        private final Dense output;
        private final Mlp dnn;

        Network(ModelContext context, FeatureEmbeddings embeddings) {
            super(embeddings);
            int layers = context.intParam("attentionLayers");
            int heads = context.intParam("heads");
            int headDim = context.intParam("attentionDim");
            if (layers < 1 || heads < 1 || headDim < 1) {
                throw new IllegalArgumentException("attentionLayers, heads and attentionDim must be >= 1");
            }
            int width = embeddings.dim();
            for (int i = 0; i < layers; i++) {
                InteractingLayer layer = child("attention" + i, new InteractingLayer(width, heads, headDim));
                attention.add(layer);
                width = layer.width();
            }
            output = child("output", new Dense(embeddings.numFields() * width, 1));
            dnn = context.boolParam("useDnn") ? child("dnn", head(context, embeddings.flatWidth(), Mlp.Act.RELU)) : null;
        }

        @Override
        protected NDArray logit(Embedded e) {
            NDArray h = e.fields();
            for (InteractingLayer layer : attention) {
                h = layer.apply(h);
            }
            NDArray logit = output.apply(h.reshape(h.getShape().get(0), -1));
            return dnn == null ? logit : logit.add(dnn.apply(e.flatFields()));
        }
    }
}
