package org.hitlbm.backbones.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.CtrNetwork;
import org.hitlbm.backbones.nn.Embedded;
import org.hitlbm.backbones.nn.FeatureEmbeddings;
import org.hitlbm.backbones.nn.NeuralBackbone;
import org.hitlbm.nn.layers.Dense;
import org.hitlbm.nn.layers.Layer;
import org.hitlbm.nn.layers.Mlp;

/**
 * AutoInt (Song et al., CIKM'19): stacked multi-head self-attention over the fields, so each layer
 * lets every field pick the fields it interacts with; residual connections keep lower-order
 * combinations; the last layer's fields are flattened into one logit. Defaults follow the authors'
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
    protected Map<String, Object> modelParams() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("attentionLayers", 3);
        p.put("heads", 1);
        p.put("attentionDim", 64);
        p.put("useDnn", false);
        return p;
    }

    @Override
    protected CtrNetwork network(ModelContext context, FeatureEmbeddings embeddings) {
        return new Network(context, embeddings);
    }

    static final class Network extends CtrNetwork {
        private final List<SelfAttention> attention = new ArrayList<>();
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
                attention.add(child("attention" + i, new SelfAttention(width, heads, headDim)));
                width = heads * headDim;
            }
            output = child("output", new Dense(embeddings.numFields() * width, 1));
            dnn = context.boolParam("useDnn")
                    ? child("dnn", head(context, embeddings.numFields() * embeddings.dim(), Mlp.Act.RELU)) : null;
        }

        @Override
        protected NDArray logit(Embedded e) {
            NDArray h = e.fields();
            for (SelfAttention layer : attention) {
                h = layer.apply(h);
            }
            NDArray logit = output.apply(h.reshape(h.getShape().get(0), -1));
            return dnn == null ? logit : logit.add(dnn.apply(e.flatFields()));
        }
    }

    /** One interacting layer: every field attends over all fields, per head, plus a residual. */
    static final class SelfAttention extends Layer {
        private final Dense query;
        private final Dense key;
        private final Dense value;
        private final Dense residual;
        private final int heads;
        private final int headDim;

        SelfAttention(int in, int heads, int headDim) {
            this.heads = heads;
            this.headDim = headDim;
            int out = heads * headDim;
            query = child("query", new Dense(in, out, false));
            key = child("key", new Dense(in, out, false));
            value = child("value", new Dense(in, out, false));
            // the paper's W_res; an identity shortcut when the widths already agree
            residual = in == out ? null : child("residual", new Dense(in, out, false));
        }

        /** (B, F, in) to (B, F, heads * headDim). */
        NDArray apply(NDArray x) {
            long batch = x.getShape().get(0);
            long fields = x.getShape().get(1);
            NDArray q = splitHeads(query.apply(x), batch, fields);
            NDArray k = splitHeads(key.apply(x), batch, fields);
            NDArray v = splitHeads(value.apply(x), batch, fields);
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(headDim));
            NDArray attended = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, fields, (long) heads * headDim);
            NDArray shortcut = residual == null ? x : residual.apply(x);
            return Activation.relu(attended.add(shortcut));
        }

        /** (B, F, H*A) to (B, H, F, A), so the heads attend independently in one batched matmul. */
        private NDArray splitHeads(NDArray x, long batch, long fields) {
            return x.reshape(batch, fields, heads, headDim).transpose(0, 2, 1, 3);
        }
    }
}
