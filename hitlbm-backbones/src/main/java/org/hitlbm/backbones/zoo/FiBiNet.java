package org.hitlbm.backbones.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.CtrNetwork;
import org.hitlbm.backbones.nn.Embedded;
import org.hitlbm.backbones.nn.FeatureEmbeddings;
import org.hitlbm.backbones.nn.NeuralBackbone;
import org.hitlbm.data.settings.Rule;
import org.hitlbm.data.settings.Setting;
import org.hitlbm.nn.layers.BilinearInteraction;
import org.hitlbm.nn.layers.Mlp;
import org.hitlbm.nn.layers.SqueezeExcitation;

/**
 * FiBiNET (Huang et al., RecSys'19): a SENET block ({@link SqueezeExcitation}) learns a weight per
 * field from the fields themselves and re-weights them; bilinear interactions
 * ({@link BilinearInteraction}) p_ij = (v_i W) * v_j replace the inner/Hadamard product, on both
 * the original and the re-weighted fields (separate W for each, as in the authors' and FuxiCTR's
 * code); all pair vectors feed the MLP. {@code reductionRatio} is the bottleneck width as a fraction of the number
 * of fields (0.5: half as many units as fields).
 */
public final class FiBiNet extends NeuralBackbone {
    @Override
    public String name() {
        return "fibinet";
    }

    @Override
    public String description() {
        return "FiBiNET: SENET field re-weighting and bilinear field interactions into an MLP";
    }

    @Override
    protected List<Setting> modelParams() {
        return List.of(
                Setting.number("reductionRatio", 0.5, Rule.above0UpTo(16), "SENET's squeeze: fields times this"),
                Setting.text("bilinearType", "field_all", Rule.oneOfIgnoringCase("field_all", "field_each", "field_interaction"),
                        "which bilinear weights are shared"));
    }

    @Override
    protected CtrNetwork network(ModelContext context, FeatureEmbeddings embeddings) {
        return new Network(context, embeddings);
    }

    static final class Network extends CtrNetwork {
        private final SqueezeExcitation senet;
        private final BilinearInteraction bilinearOriginal;
        private final BilinearInteraction bilinearReweighted;
        private final Mlp head;

        Network(ModelContext context, FeatureEmbeddings embeddings) {
            super(embeddings);
            int fields = embeddings.numFields();
            int dim = embeddings.dim();
            double ratio = context.doubleParam("reductionRatio");
            if (!(ratio > 0)) {
                throw new IllegalArgumentException("reductionRatio must be > 0: " + ratio);
            }
            BilinearInteraction.Type type = BilinearInteraction.Type.parse(context.stringParam("bilinearType"));
            senet = child("senet", new SqueezeExcitation(fields, Math.max(1, (int) Math.round(fields * ratio))));
            bilinearOriginal = child("bilinear", new BilinearInteraction(fields, dim, type));
            bilinearReweighted = child("senetBilinear", new BilinearInteraction(fields, dim, type));
            // the pair vectors of both interactions, flattened
            head = child("head", head(context, 2 * BilinearInteraction.pairs(fields) * dim, Mlp.Act.RELU));
        }

        @Override
        protected NDArray logit(Embedded e) {
            NDArray fields = e.fields();
            NDArray p = bilinearOriginal.apply(fields);
            NDArray q = bilinearReweighted.apply(senet.apply(fields));
            NDArray combined = NDArrays.concat(new NDList(p, q), 1);
            return head.apply(combined.reshape(combined.getShape().get(0), -1));
        }
    }
}
