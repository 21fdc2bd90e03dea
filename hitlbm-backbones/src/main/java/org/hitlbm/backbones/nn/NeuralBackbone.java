package org.hitlbm.backbones.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.CtrModel;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.nn.layers.Mlp;
import org.hitlbm.nn.side.SideLayer;

/**
 * Base of the DJL backbones: the parameters they share (embedding size, the final MLP, dropout;
 * defaults from the authors' code: embedding 32, MLP [200, 80]) plus each model's own, and the
 * common trainer. A subclass only builds its network.
 */
public abstract class NeuralBackbone implements Backbone {

    @Override
    public final Map<String, Object> defaultParams() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("embeddingDim", 32);
        params.put("hiddenUnits", "200,80");
        params.put("dropout", 0.0);
        // e_user and e_item as two fields (Eq. 14 treats them as two features), or "joint": one field
        params.put("sideFields", "split");
        params.putAll(modelParams());
        return params;
    }

    /** True for models with an FM-style first-order term (DeepFM, xDeepFM): {@link Embedded#linear()}. */
    protected boolean firstOrderTerm() {
        return false;
    }

    /** This model's own parameters with defaults (see {@link Backbone#defaultParams()}). */
    protected abstract Map<String, Object> modelParams();

    /** Builds a fresh network; called once per fit, after the seed is set. */
    protected abstract CtrNetwork network(ModelContext context, FeatureEmbeddings embeddings);

    /**
     * Builds the network once right away (no weights allocated, a stand-in side layer of the
     * context's width) so a bad param fails before training. Each fit builds it again around a
     * fresh side layer from the training data's side input.
     */
    @Override
    public CtrModel create(ModelContext context) {
        String sideFields = context.stringParam("sideFields");
        if (!List.of("split", "joint").contains(sideFields)) {
            throw new IllegalArgumentException("param 'sideFields' must be split (one field per side feature) or joint (one field),"
                    + " got '" + sideFields + "'");
        }
        java.util.function.Function<SideLayer, CtrNetwork> factory = side -> network(context,
                new FeatureEmbeddings(context.features(), context.intParam("embeddingDim"), side, firstOrderTerm(),
                        "joint".equals(sideFields)));
        factory.apply(context.sideWidth() > 0 ? SideLayer.identity(context.sideWidth()) : null);
        return new NeuralCtrModel(name(), context.sideWidth(), factory);
    }

    /** The final MLP every model ends with: hidden units from params, one logit out. */
    protected static Mlp head(ModelContext context, int in, Mlp.Act act) {
        return new Mlp(in, Mlp.parseUnits(context.stringParam("hiddenUnits")), act, (float) context.doubleParam("dropout"), 1);
    }
}
