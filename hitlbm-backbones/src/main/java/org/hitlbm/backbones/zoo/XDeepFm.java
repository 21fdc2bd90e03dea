package org.hitlbm.backbones.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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
 * xDeepFM (Lian et al., KDD'18): a linear term, a Compressed Interaction Network (explicit,
 * vector-wise feature interactions of growing degree) and a ReLU DNN, logits summed.
 * The linear term is one learned scalar per feature value ({@link Embedded#linear()}). The CIN is the plain version (no
 * split-half), with identity activation as in the paper.
 */
public final class XDeepFm extends NeuralBackbone {
    @Override
    public String name() {
        return "xdeepfm";
    }

    @Override
    public String description() {
        return "xDeepFM: linear + Compressed Interaction Network (vector-wise crosses) + DNN";
    }

    @Override
    protected Map<String, Object> modelParams() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("cinLayers", "50,50");
        return p;
    }

    @Override
    protected boolean firstOrderTerm() {
        return true;
    }

    @Override
    protected CtrNetwork network(ModelContext context, FeatureEmbeddings embeddings) {
        return new Network(context, embeddings);
    }

    static final class Network extends CtrNetwork {
        private final Cin cin;
        private final Mlp dnn;

        Network(ModelContext context, FeatureEmbeddings embeddings) {
            super(embeddings);
            int fields = embeddings.numFields();
            int width = fields * embeddings.dim();
            cin = child("cin", new Cin(fields, Mlp.parseUnits(context.stringParam("cinLayers"))));
            dnn = child("dnn", head(context, width, Mlp.Act.RELU));
        }

        @Override
        protected NDArray logit(Embedded e) {
            NDArray flat = e.flatFields();
            return e.linear().add(cin.apply(e.fields())).add(dnn.apply(flat));
        }
    }

    /**
     * The CIN. Layer k takes, for each embedding dimension, the outer product of the F input fields
     * with the H_{k-1} feature maps of the previous layer and compresses those F*H_{k-1} products into
     * H_k maps (the paper's 1x1 convolution, i.e. a Dense over the field-pair axis). Each layer's maps
     * are sum-pooled over the embedding dimensions; all pooled layers feed one linear logit.
     */
    static final class Cin extends Layer {
        private final List<Dense> compressions = new ArrayList<>();
        private final Dense output;

        Cin(int numFields, int[] layerSizes) {
            if (layerSizes.length == 0) {
                throw new IllegalArgumentException("cinLayers needs at least one layer");
            }
            int previous = numFields;
            int pooledWidth = 0;
            for (int i = 0; i < layerSizes.length; i++) {
                compressions.add(child("layer" + i, new Dense(numFields * previous, layerSizes[i])));
                previous = layerSizes[i];
                pooledWidth += layerSizes[i];
            }
            output = child("output", new Dense(pooledWidth, 1));
        }

        /** (B, F, d) to (B, 1). */
        NDArray apply(NDArray fields) {
            long batch = fields.getShape().get(0);
            long dim = fields.getShape().get(2);
            // work in (B, d, maps) so each compression is a Dense over the last axis, per dimension
            NDArray x0 = fields.transpose(0, 2, 1).expandDims(3);      // (B, d, F, 1)
            NDArray xk = fields.transpose(0, 2, 1);                    // (B, d, H_0 = F)
            NDList pooled = new NDList();
            for (Dense compression : compressions) {
                NDArray products = x0.mul(xk.expandDims(2)).reshape(batch, dim, -1); // (B, d, F*H_{k-1})
                xk = compression.apply(products);                                    // (B, d, H_k)
                pooled.add(xk.sum(new int[] {1}));                                   // (B, H_k)
            }
            return output.apply(NDArrays.concat(pooled, -1));
        }
    }
}
