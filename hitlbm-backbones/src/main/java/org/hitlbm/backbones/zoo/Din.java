package org.hitlbm.backbones.zoo;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.CtrNetwork;
import org.hitlbm.backbones.nn.Embedded;
import org.hitlbm.backbones.nn.FeatureEmbeddings;
import org.hitlbm.backbones.nn.NeuralBackbone;
import org.hitlbm.nn.layers.Mlp;
import org.hitlbm.nn.layers.TargetAttention;

/**
 * DIN (Zhou et al., KDD'18): the target item attends over the recent behaviors through an MLP on
 * [q, k, q-k, q*k] with Dice; weights are not softmax-normalised (the paper keeps the intensity
 * of interest); the pooled interest joins the other features in a Dice MLP.
 */
public final class Din extends NeuralBackbone {
    @Override
    public String name() {
        return "din";
    }

    @Override
    public String description() {
        return "DIN: target attention over recent behaviors ([q, k, q-k, q*k] MLP with Dice)";
    }

    @Override
    protected Map<String, Object> modelParams() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("attentionUnits", "80,40");
        p.put("attentionSoftmax", false);
        return p;
    }

    @Override
    protected CtrNetwork network(ModelContext context, FeatureEmbeddings embeddings) {
        return new Network(context, embeddings);
    }

    static final class Network extends CtrNetwork {
        private final Mlp attention;
        private final Mlp head;
        private final boolean softmax;

        Network(ModelContext context, FeatureEmbeddings embeddings) {
            super(embeddings);
            int itemWidth = 2 * embeddings.dim();
            attention = child("attention", new Mlp(4 * itemWidth, Mlp.parseUnits(context.stringParam("attentionUnits")),
                    Mlp.Act.DICE, 0f, 1));
            softmax = context.boolParam("attentionSoftmax");
            int in = 3 * embeddings.dim() + 2 * itemWidth + embeddings.sideWidth();
            head = child("head", head(context, in, Mlp.Act.DICE));
        }

        @Override
        protected NDArray logit(Embedded e) {
            NDArray pooled = TargetAttention.pool(attention, e.target(), e.history(), e.mask(), softmax);
            return head.apply(Embedded.concat(e.user(), e.target(), pooled, e.side()));
        }
    }
}
