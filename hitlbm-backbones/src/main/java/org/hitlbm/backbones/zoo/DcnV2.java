package org.hitlbm.backbones.zoo;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.CtrNetwork;
import org.hitlbm.backbones.nn.Embedded;
import org.hitlbm.backbones.nn.FeatureEmbeddings;
import org.hitlbm.backbones.nn.NeuralBackbone;
import org.hitlbm.data.settings.Setting;
import org.hitlbm.nn.layers.CrossNetwork;
import org.hitlbm.nn.layers.Dense;
import org.hitlbm.nn.layers.Mlp;

/**
 * DCN-V2 (Wang et al., WWW'21): a {@link CrossNetwork} of full-rank layers
 * x_{l+1} = x0 * (W_l x_l + b_l) + x_l over the flattened fields, combined with a ReLU DNN either
 * in parallel (both outputs concatenated into one linear logit) or stacked (the DNN reads the cross
 * network's output).
 */
public final class DcnV2 extends NeuralBackbone {
    @Override
    public String name() {
        return "dcnv2";
    }

    @Override
    public String description() {
        return "DCN-V2: full-rank cross network x0 * (W x + b) + x with a DNN, parallel or stacked";
    }

    @Override
    protected List<Setting> modelParams() {
        return List.of(
                Setting.integer("crossLayers", 3, 0, 64, "cross layers"),
                Setting.choice("structure", "parallel", "cross network beside the MLP or stacked before it",
                        "parallel", "stacked"));
    }

    @Override
    protected CtrNetwork network(ModelContext context, FeatureEmbeddings embeddings) {
        return new Network(context, embeddings);
    }

    static final class Network extends CtrNetwork {
        private final CrossNetwork cross;
        private final boolean parallel;
        /** Parallel: the DNN without an output layer; stacked: the DNN head with its logit. */
        private final Mlp dnn;
        /** Parallel only: [cross output, DNN output] to the logit. */
        private final Dense output;

        Network(ModelContext context, FeatureEmbeddings embeddings) {
            super(embeddings);
            int width = embeddings.flatWidth();
            cross = child("cross", new CrossNetwork(width, context.intParam("crossLayers")));
            String structure = context.stringParam("structure");
            switch (structure) {
                case "parallel" -> {
                    parallel = true;
                    dnn = child("dnn", new Mlp(width, Mlp.parseUnits(context.stringParam("hiddenUnits")), Mlp.Act.RELU,
                            (float) context.doubleParam("dropout"), 0));
                    output = child("output", new Dense(width + dnn.outWidth(), 1));
                }
                case "stacked" -> {
                    parallel = false;
                    dnn = child("dnn", head(context, width, Mlp.Act.RELU));
                    output = null;
                }
                default -> throw new IllegalArgumentException(
                        "dcnv2 structure must be 'parallel' or 'stacked', got '" + structure + "'");
            }
        }

        @Override
        protected NDArray logit(Embedded e) {
            NDArray x0 = e.flatFields();
            NDArray crossed = cross.apply(x0);
            if (parallel) {
                return output.apply(Embedded.concat(crossed, dnn.apply(x0)));
            }
            return dnn.apply(crossed);
        }
    }
}
