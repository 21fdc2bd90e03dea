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
import org.hitlbm.nn.layers.AttentionalScoring;
import org.hitlbm.nn.layers.GraphInteraction;
import org.hitlbm.nn.layers.Mlp;

/**
 * FiGNN (Li et al., CIKM'19): the fields are the nodes of a fully connected graph
 * ({@link GraphInteraction}: attentional edges computed once from the field embeddings, per-node
 * message matrices, one shared GRU cell updating every node, the initial embeddings added back for
 * {@code gnnLayers} steps). The output is the paper's attentional scoring ({@link AttentionalScoring}):
 * each node gives a score and a weight, the logit is their weighted sum; there is no head MLP.
 */
public final class FiGnn extends NeuralBackbone {
    @Override
    public String name() {
        return "fignn";
    }

    @Override
    public String description() {
        return "FiGNN: fields as graph nodes, attentional edges, GRU node updates, attentional scoring";
    }

    @Override
    protected List<Setting> modelParams() {
        return List.of(
                Setting.integer("gnnLayers", 2, 1, 64, "graph propagation steps"),
                // empty = one linear layer, as in the authors' code
                Setting.text("scoreUnits", "", Rule.units(true), "hidden widths of the per-node score MLP"));
    }

    @Override
    protected CtrNetwork network(ModelContext context, FeatureEmbeddings embeddings) {
        return new Network(context, embeddings);
    }

    static final class Network extends CtrNetwork {
        private final GraphInteraction graph;
        private final AttentionalScoring scoring;

        Network(ModelContext context, FeatureEmbeddings embeddings) {
            super(embeddings);
            int fields = embeddings.numFields();
            int d = embeddings.dim();
            graph = child("graph", new GraphInteraction(fields, d, context.intParam("gnnLayers")));
            scoring = child("scoring", new AttentionalScoring(d, Mlp.parseUnits(context.stringParam("scoreUnits")),
                    (float) context.doubleParam("dropout")));
        }

        @Override
        protected NDArray logit(Embedded e) {
            return scoring.apply(graph.apply(e.fields()));
        }
    }
}
