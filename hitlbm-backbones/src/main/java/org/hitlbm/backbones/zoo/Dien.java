package org.hitlbm.backbones.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import java.util.List;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.CtrNetwork;
import org.hitlbm.backbones.nn.Embedded;
import org.hitlbm.backbones.nn.FeatureEmbeddings;
import org.hitlbm.backbones.nn.NeuralBackbone;
import org.hitlbm.data.settings.Rule;
import org.hitlbm.data.settings.Setting;
import org.hitlbm.nn.layers.Dense;
import org.hitlbm.nn.layers.GruCell;
import org.hitlbm.nn.layers.MaskedPooling;
import org.hitlbm.nn.layers.Mlp;
import org.hitlbm.nn.layers.ScalarOperands;
import org.hitlbm.nn.layers.TargetAttention;

/**
 * DIEN (Zhou et al., AAAI'19): an interest extractor GRU runs over the recent behaviors; the target
 * attends over its hidden states (DIN's activation unit, softmax-normalised as in DIEN); an interest
 * evolving AUGRU runs over the same states with its update gate scaled by the attention weight, so
 * behaviors unrelated to the target barely move the interest; its final state joins user, target,
 * the mean behavior and the side features in a Dice MLP.
 *
 * <p>Padded behaviors (the history is left-padded) carry the state through unchanged in both GRUs:
 * the mask scales the extractor's update gate and the attention weight is zero there.
 *
 * <p>The auxiliary loss of the paper supervises the extractor states: state h_t must tell the next
 * real behavior b_{t+1} from a random item put in its place (same rating embedding, so the rating
 * gives nothing away), scored by a small MLP on [h_t, b]. It is weighted by {@code auxLossWeight};
 * 0 (the default, as in FuxiCTR) turns it off and skips drawing negatives.
 */
public final class Dien extends NeuralBackbone {
    @Override
    public String name() {
        return "dien";
    }

    @Override
    public String description() {
        return "DIEN: GRU interest extractor, target attention, AUGRU interest evolution";
    }

    @Override
    protected List<Setting> modelParams() {
        return List.of(
                Setting.integer("gruUnits", 64, 1, Rule.MAX_WIDTH, "hidden size of the interest GRUs"),
                Setting.text("attentionUnits", "80,40", Rule.units(true), "hidden widths of the attention unit"),
                Setting.number("auxLossWeight", 0.0, 0, 100, "weight of the auxiliary next-behaviour loss (0 = off)"),
                Setting.text("auxUnits", "100,50", Rule.units(true), "hidden widths of the auxiliary loss's MLP"));
    }

    @Override
    protected CtrNetwork network(ModelContext context, FeatureEmbeddings embeddings) {
        return new Network(context, embeddings);
    }

    static final class Network extends CtrNetwork {
        private final GruCell extractor;
        private final GruCell evolution;
        private final Dense queryProjection;
        private final Mlp attention;
        private final Mlp head;
        private final double auxLossWeight;
        private final Mlp auxiliary;

        Network(ModelContext context, FeatureEmbeddings embeddings) {
            super(embeddings);
            int behaviorWidth = embeddings.targetWidth();
            int units = context.intParam("gruUnits");
            extractor = child("extractor", new GruCell(behaviorWidth, units));
            evolution = child("evolution", new GruCell(units, units));
            // DIN's unit compares query and key elementwise, so the target must live in the state space:
            // projected always, also when the widths happen to agree (embedding space != GRU state space)
            queryProjection = child("query", new Dense(behaviorWidth, units, false));
            attention = child("attention", new Mlp(4 * units, Mlp.parseUnits(context.stringParam("attentionUnits")),
                    Mlp.Act.DICE, 0f, 1));
            // as logit() concatenates: user, target, interest, mean behavior, side
            int in = embeddings.userWidth() + behaviorWidth + units + behaviorWidth + embeddings.sideWidth();
            head = child("head", head(context, in, Mlp.Act.DICE));
            auxLossWeight = context.doubleParam("auxLossWeight");
            auxiliary = auxLossWeight > 0 ? child("auxiliary", new Mlp(units + behaviorWidth,
                    Mlp.parseUnits(context.stringParam("auxUnits")), Mlp.Act.RELU, 0f, 1)) : null;
        }

        @Override
        public boolean usesNegativeBehaviors() {
            return auxiliary != null;
        }

        @Override
        protected NDArray logit(Embedded e) {
            NDArray mask = e.mask();
            NDArray states = extractor.unroll(e.history(), mask);
            if (auxiliary != null && e.negativeHistory() != null) {
                addAuxiliaryLoss(ScalarOperands.times(auxiliaryLoss(states, e.history(), e.negativeHistory(), mask), (float) auxLossWeight));
            }
            NDArray query = queryProjection.apply(e.target());
            NDArray weights = TargetAttention.weights(attention, query, states, mask, true);
            NDArray interest = evolution.finalState(states, weights);
            return head.apply(Embedded.concat(e.user(), e.target(), interest, e.historyMean(), e.side()));
        }

        /**
         * Mean over real (t, t+1) pairs of -log sigmoid(score(h_t, b_{t+1})) - log(1 - sigmoid(score(h_t, b'_{t+1}))).
         * With left padding a pair is real when both positions are; a user with under two behaviors adds nothing.
         */
        NDArray auxiliaryLoss(NDArray states, NDArray history, NDArray negatives, NDArray mask) {
            NDArray h = states.get(":, :-1, :");
            NDArray pairMask = mask.get(":, :-1").mul(mask.get(":, 1:"));
            NDArray positive = auxiliary.apply(NDArrays.concat(new NDList(h, history.get(":, 1:, :")), -1)).squeeze(-1);
            NDArray negative = auxiliary.apply(NDArrays.concat(new NDList(h, negatives.get(":, 1:, :")), -1)).squeeze(-1);
            NDArray perPair = Activation.softPlus(positive.neg()).add(Activation.softPlus(negative));
            return MaskedPooling.meanOverAll(perPair, pairMask);
        }
    }
}
