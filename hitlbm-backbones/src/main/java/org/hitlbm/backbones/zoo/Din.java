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
    protected List<Setting> modelParams() {
        return List.of(
                Setting.text("attentionUnits", "80,40", Rule.units(true), "hidden widths of the attention unit"),
                Setting.flag("attentionSoftmax", false, "normalise attention weights with a softmax (DIN's paper: no)"));
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
            int itemWidth = embeddings.targetWidth();
            attention = child("attention", new Mlp(4 * itemWidth, Mlp.parseUnits(context.stringParam("attentionUnits")),
                    Mlp.Act.DICE, 0f, 1));
            softmax = context.boolParam("attentionSoftmax");
            // user, target, the pooled behaviors (as wide as the target) and the side vector
            int in = embeddings.userWidth() + 2 * itemWidth + embeddings.sideWidth();
            head = child("head", head(context, in, Mlp.Act.DICE));
        }

        @Override
        protected NDArray logit(Embedded e) {
            NDArray pooled = TargetAttention.pool(attention, e.target(), e.history(), e.mask(), softmax);
            return head.apply(Embedded.concat(e.user(), e.target(), pooled, e.side()));
        }
    }
}
