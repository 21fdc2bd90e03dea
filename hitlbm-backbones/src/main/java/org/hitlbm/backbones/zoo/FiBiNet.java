package org.hitlbm.backbones.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;
import java.util.LinkedHashMap;
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
 * FiBiNET (Huang et al., RecSys'19): a SENET block learns a weight per field from the fields
 * themselves (squeeze by mean, excite by two ReLU layers) and re-weights them; bilinear
 * interactions p_ij = (v_i W) * v_j replace the inner/Hadamard product, on both the original and
 * the re-weighted fields (separate W for each, as in the authors' and FuxiCTR's code); all pair
 * vectors feed the MLP. {@code reductionRatio} is the bottleneck width as a fraction of the number
 * of fields (0.5: half as many units as fields).
 */
public final class FiBiNet extends NeuralBackbone {
    /** Which fields share a bilinear matrix. */
    enum BilinearType {
        /** one W for all pairs (the paper's default) */
        FIELD_ALL,
        /** one W per left field i */
        FIELD_EACH,
        /** one W per pair (i, j) */
        FIELD_INTERACTION;

        static BilinearType parse(String text) {
            for (BilinearType t : values()) {
                if (t.name().equalsIgnoreCase(text.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("bilinearType must be field_all, field_each or field_interaction: '" + text + "'");
        }
    }

    @Override
    public String name() {
        return "fibinet";
    }

    @Override
    public String description() {
        return "FiBiNET: SENET field re-weighting and bilinear field interactions into an MLP";
    }

    @Override
    protected Map<String, Object> modelParams() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("reductionRatio", 0.5);
        p.put("bilinearType", "field_all");
        return p;
    }

    @Override
    protected CtrNetwork network(ModelContext context, FeatureEmbeddings embeddings) {
        return new Network(context, embeddings);
    }

    static final class Network extends CtrNetwork {
        private final SqueezeExcitation senet;
        private final Bilinear bilinearOriginal;
        private final Bilinear bilinearReweighted;
        private final Mlp head;

        Network(ModelContext context, FeatureEmbeddings embeddings) {
            super(embeddings);
            int fields = embeddings.numFields();
            int dim = embeddings.dim();
            double ratio = context.doubleParam("reductionRatio");
            if (!(ratio > 0)) {
                throw new IllegalArgumentException("reductionRatio must be > 0: " + ratio);
            }
            BilinearType type = BilinearType.parse(context.stringParam("bilinearType"));
            senet = child("senet", new SqueezeExcitation(fields, Math.max(1, (int) Math.round(fields * ratio))));
            bilinearOriginal = child("bilinear", new Bilinear(fields, dim, type));
            bilinearReweighted = child("senetBilinear", new Bilinear(fields, dim, type));
            int pairs = fields * (fields - 1) / 2;
            head = child("head", head(context, 2 * pairs * dim, Mlp.Act.RELU));
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

    /** SENET over fields: (B, F, d) to the same fields, each scaled by its learned weight. */
    static final class SqueezeExcitation extends Layer {
        final Dense reduce;
        final Dense restore;

        SqueezeExcitation(int fields, int reduced) {
            // no biases, as in the paper's A = ReLU(W2 ReLU(W1 Z))
            reduce = child("reduce", new Dense(fields, reduced, false));
            restore = child("restore", new Dense(reduced, fields, false));
        }

        /** The per-field weights: (B, F). */
        NDArray weights(NDArray fields) {
            NDArray squeezed = fields.mean(new int[] {2});
            return Activation.relu(restore.apply(Activation.relu(reduce.apply(squeezed))));
        }

        NDArray apply(NDArray fields) {
            return fields.mul(weights(fields).expandDims(2));
        }
    }

    /** Bilinear interaction of every field pair i < j: (B, F, d) to (B, F(F-1)/2, d). */
    static final class Bilinear extends Layer {
        private final BilinearType type;
        final Parameter w;
        private final int fields;

        Bilinear(int fields, int dim, BilinearType type) {
            this.type = type;
            this.fields = fields;
            int pairs = fields * (fields - 1) / 2;
            Shape shape = switch (type) {
                case FIELD_ALL -> new Shape(dim, dim);
                case FIELD_EACH -> new Shape(fields, dim, dim);
                case FIELD_INTERACTION -> new Shape(pairs, dim, dim);
            };
            // Xavier-uniform for each d x d matrix: DJL's Xavier would count the stacking axis as fan
            // and shrink the per-field and per-pair matrices
            w = addParameter(Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(shape)
                    .optInitializer(new UniformInitializer((float) Math.sqrt(3.0 / dim))).build());
        }

        NDArray apply(NDArray v) {
            NDArray right = pairSide(v, false);
            NDArray left = switch (type) {
                // project every field once, then pair the projections: v_i W (shared or per i)
                case FIELD_ALL -> pairSide(v.matMul(value(w)), true);
                case FIELD_EACH -> pairSide(v.expandDims(2).matMul(value(w)).squeeze(2), true);
                // pairs are laid out in the same (i, j) order as the rows of W
                case FIELD_INTERACTION -> pairSide(v, true).expandDims(2).matMul(value(w)).squeeze(2);
            };
            return left.mul(right);
        }

        /** For pairs (0,1), (0,2), ..., (F-2,F-1): the left members if {@code left}, else the right. */
        private NDArray pairSide(NDArray v, boolean left) {
            NDList parts = new NDList();
            for (int i = 0; i < fields - 1; i++) {
                parts.add(left ? v.get(":, " + i + ":" + (i + 1) + ", :").repeat(1, fields - 1 - i)
                        : v.get(":, " + (i + 1) + ":, :"));
            }
            return NDArrays.concat(parts, 1);
        }
    }
}
