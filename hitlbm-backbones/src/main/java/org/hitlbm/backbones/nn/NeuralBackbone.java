package org.hitlbm.backbones.nn;

import java.util.ArrayList;
import java.util.List;
import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.CtrModel;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.data.settings.Rule;
import org.hitlbm.data.settings.Setting;
import org.hitlbm.nn.layers.Mlp;
import org.hitlbm.nn.side.SideLayer;

/**
 * Base of the DJL backbones: the parameters they share (embedding size, the final MLP, dropout;
 * defaults from the authors' code: embedding 32, MLP [200, 80]) plus each model's own, and the
 * common trainer. A subclass only builds its network.
 */
public abstract class NeuralBackbone implements Backbone {

    /** The params every neural backbone shares, then the model's own ({@link #modelParams()}). */
    @Override
    public final List<Setting> params() {
        List<Setting> params = new ArrayList<>(List.of(
                Setting.integer("embeddingDim", 32, 1, Rule.MAX_WIDTH, "embedding size of every field"),
                Setting.text("hiddenUnits", "200,80", Rule.units(true), "hidden widths of the final MLP"),
                Setting.number("dropout", 0.0, Rule.rate(), "dropout of the final MLP"),
                // e_user and e_item as two fields (Eq. 14 treats them as two features), or "joint": one field
                Setting.choice("sideFields", "split", "side vector as one field per feature (split) or one field (joint)",
                        "split", "joint")));
        params.addAll(modelParams());
        return params;
    }

    /** True for models with an FM-style first-order term (DeepFM, xDeepFM): {@link Embedded#linear()}. */
    protected boolean firstOrderTerm() {
        return false;
    }

    /** This model's own parameters (see {@link Backbone#params()}). */
    protected abstract List<Setting> modelParams();

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
