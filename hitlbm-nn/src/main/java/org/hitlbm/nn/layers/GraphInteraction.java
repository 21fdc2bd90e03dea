package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import java.util.ArrayList;
import java.util.List;

/**
 * FiGNN's gated graph neural network over field nodes (Li et al., CIKM'19): the F fields are the
 * nodes of a fully connected graph. Edge weights come from attention over node pairs
 * (LeakyReLU(w [e_i || e_j]), softmax over the other nodes, no self-loop), computed once from the
 * input nodes as in the paper. Each step sends messages through per-node output matrices,
 * aggregates them with the edge weights, applies per-node input matrices (FuxiCTR's edge-wise
 * transformation), updates every node with one shared GRU cell and adds the input nodes back
 * (residual). (B, F, d) in, final node states (B, F, d) out.
 */
public final class GraphInteraction extends Layer {
    private final Dense receiverAttention;
    private final Dense senderAttention;
    private final Parameter selfLoopMask;
    private final List<Parameter> outMatrices = new ArrayList<>();
    private final List<Parameter> inMatrices = new ArrayList<>();
    private final List<Parameter> inBiases = new ArrayList<>();
    private final GruCell gru;
    private final int d;

    /** @param layers propagation steps, at least 1 */
    public GraphInteraction(int fields, int d, int layers) {
        this.d = d;
        if (layers < 1) {
            throw new IllegalArgumentException("gnnLayers must be >= 1: " + layers);
        }
        // w [e_i || e_j] = w_i e_i + w_j e_j: the two halves of W_attn, applied per node, so no
        // (B, F, F, 2d) tensor of node pairs is built
        receiverAttention = child("receiverAttention", new Dense(d, 1, false));
        senderAttention = child("senderAttention", new Dense(d, 1, false));
        // -1e9 on the diagonal: added to the edge scores it removes self-loops from the softmax
        selfLoopMask = addParameter(Parameter.builder().setName("selfLoopMask").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(fields, fields)).optRequiresGrad(false)
                .optInitializer((manager, shape, type) -> ScalarOperands.times(manager.eye((int) shape.get(0)), -1e9f).toType(type, false))
                .build());
        // per-node d x d matrices, stored as (F, in, out) so node rows multiply them from the left;
        // Xavier-normal std for a d x d map (DJL's Xavier would count F into the fan-out)
        NormalInitializer xavier = new NormalInitializer((float) Math.sqrt(2.0 / (d + d)));
        for (int l = 0; l < layers; l++) {
            outMatrices.add(nodeMatrices("out" + l, fields, xavier));
            inMatrices.add(nodeMatrices("in" + l, fields, xavier));
            inBiases.add(bias("inBias" + l, new Shape(d)));
        }
        gru = child("gru", new GruCell(d, d));
    }

    private Parameter nodeMatrices(String name, int fields, NormalInitializer init) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(fields, d, d)).optInitializer(init).build());
    }

    /** (B, F, d) to (B, F, d). */
    public NDArray apply(NDArray fields) {
        NDArray edges = edgeWeights(fields);
        NDArray h = fields;
        for (int l = 0; l < outMatrices.size(); l++) {
            NDArray messages = perNode(h, outMatrices.get(l));
            NDArray aggregated = perNode(edges.matMul(messages), inMatrices.get(l)).add(value(inBiases.get(l)));
            h = gru.apply(aggregated, h).add(fields);
        }
        return h;
    }

    /** Attention weight of each edge j -> i, (B, F, F), rows summing to one over j != i. */
    public NDArray edgeWeights(NDArray fields) {
        NDArray receiving = receiverAttention.apply(fields); // (B, F, 1): node i
        NDArray sending = senderAttention.apply(fields).transpose(0, 2, 1); // (B, 1, F): node j
        NDArray scores = Activation.leakyRelu(receiving.add(sending), 0.01f).add(value(selfLoopMask));
        return scores.softmax(-1);
    }

    /** Node i's row times its own matrix: (B, F, d) x (F, d, d) -> (B, F, d). */
    private NDArray perNode(NDArray nodes, Parameter matrices) {
        return nodes.expandDims(2).matMul(value(matrices)).squeeze(2);
    }
}
