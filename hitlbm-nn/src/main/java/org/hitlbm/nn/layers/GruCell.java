package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import org.hitlbm.nn.onnx.OnnxGraph;

/**
 * One GRU step over the last axis, any leading axes (batch, or batch x nodes for FiGNN):
 * u = sigmoid(W_u x + U_u h), r = sigmoid(W_r x + U_r h), c = tanh(W_c x + r * (U_c h)),
 * h' = (1 - u) h + u c. The update gate may be scaled per row: scale 0 keeps the state unchanged
 * (padded steps), an attention weight a gives DIEN's AUGRU (u' = a u).
 */
public final class GruCell extends Layer {
    private final Dense inputGates;
    private final Dense hiddenGates;
    private final int hidden;

    public GruCell(int inputSize, int hiddenSize) {
        this.hidden = hiddenSize;
        // the three gates' input and recurrent projections, each as one matrix (update, reset, candidate)
        inputGates = child("input", new Dense(inputSize, 3 * hiddenSize));
        hiddenGates = child("hidden", new Dense(hiddenSize, 3 * hiddenSize));
    }

    public int hiddenSize() {
        return hidden;
    }

    /** The input part of all gates, (..., 3h); project a whole sequence once, then step through it. */
    public NDArray projectInput(NDArray x) {
        return inputGates.apply(x);
    }

    /** A plain GRU step: {@code step(projectInput(x), h, null)}. */
    public NDArray apply(NDArray x, NDArray h) {
        return step(projectInput(x), h, null);
    }

    /**
     * @param projectedInput (..., 3h) from {@link #projectInput}
     * @param h              (..., h) previous state
     * @param updateScale    (..., 1) multiplies the update gate (mask, or AUGRU attention), or null
     * @return (..., h) next state
     */
    public NDArray step(NDArray projectedInput, NDArray h, NDArray updateScale) {
        NDList xs = gates(projectedInput);
        NDList hs = gates(hiddenGates.apply(h));
        NDArray update = Activation.sigmoid(xs.get(0).add(hs.get(0)));
        NDArray reset = Activation.sigmoid(xs.get(1).add(hs.get(1)));
        NDArray candidate = Activation.tanh(xs.get(2).add(reset.mul(hs.get(2))));
        if (updateScale != null) {
            update = update.mul(updateScale);
        }
        // h + u (c - h) == (1 - u) h + u c, one op fewer
        return h.add(update.mul(candidate.sub(h)));
    }

    /**
     * Runs the cell over a sequence, (B, k, in) -> states (B, k, h), from a zero state.
     * {@code updateScales} (B, k) multiplies the update gate at each step: a mask (padded steps
     * repeat the previous state), or DIEN's attention weights for the AUGRU.
     */
    public NDArray unroll(NDArray sequence, NDArray updateScales) {
        return NDArrays.stack(states(sequence, updateScales), 1);
    }

    /** The state after the last step of {@link #unroll}, (B, h), without stacking the others. */
    public NDArray finalState(NDArray sequence, NDArray updateScales) {
        NDList states = states(sequence, updateScales);
        return states.get(states.size() - 1);
    }

    /**
     * {@link #finalState} as ONNX nodes: the input projection of the whole sequence, then a Scan
     * over axis 1 whose body is {@link #step} with the mask scaling the update gate.
     *
     * @param sequence     (B, k, in)
     * @param updateScales (B, k)
     * @return (B, h)
     */
    public String onnxFinalState(OnnxGraph g, String sequence, String updateScales) {
        String inputs = inputGates.onnx(g, sequence);
        String zeros = g.node("ConstantOfShape", g.node("Concat", g.dim(sequence, 0), g.ints(hidden)).attr("axis", 0L).out())
                .attrTensor("value", 0f).out();
        OnnxGraph body = g.subgraph("gru_step");
        String h = body.input(body.fresh("h"), "batch", hidden);
        String x = body.input(body.fresh("x"), "batch", 3 * hidden);
        String scale = body.input(body.fresh("scale"), "batch");
        String[] xs = onnxGates(body, x);
        String[] hs = onnxGates(body, hiddenGates.onnx(body, h));
        String update = body.op("Sigmoid", body.op("Add", xs[0], hs[0]));
        String reset = body.op("Sigmoid", body.op("Add", xs[1], hs[1]));
        String candidate = body.op("Tanh", body.op("Add", xs[2], body.op("Mul", reset, hs[2])));
        update = body.op("Mul", update, body.unsqueeze(scale, 1));
        body.output(body.op("Add", h, body.op("Mul", update, body.op("Sub", candidate, h))), body.fresh("h_next"), "batch", hidden);
        return g.node("Scan", zeros, inputs, updateScales).attr("body", body).attr("num_scan_inputs", 2L)
                .attr("scan_input_axes", new long[] {1, 1}).out();
    }

    private String[] onnxGates(OnnxGraph g, String joined) {
        return g.node("Split", joined, g.ints(hidden, hidden, hidden)).attr("axis", -1L).outs(3);
    }

    private NDList states(NDArray sequence, NDArray updateScales) {
        NDArray inputs = projectInput(sequence);
        int k = Math.toIntExact(sequence.getShape().get(1));
        // one split into per-step views rather than an index per step: its backward is one concat,
        // where each indexed step's backward fills a zero array as large as the whole sequence
        NDList stepInputs = inputs.split(k, 1);
        NDList stepScales = updateScales.split(k, 1); // (B, 1) each
        // zeros derived from a batch array, so nothing is allocated on the model's manager
        NDArray h = stepScales.get(0).zerosLike().repeat(1, hidden);
        NDList states = new NDList();
        for (int t = 0; t < k; t++) {
            h = step(stepInputs.get(t).squeeze(1), h, stepScales.get(t));
            states.add(h);
        }
        return states;
    }

    /** (..., 3h) into update, reset and candidate parts (split wants a non-negative axis). */
    private NDList gates(NDArray joined) {
        return joined.split(new long[] {hidden, 2L * hidden}, joined.getShape().dimension() - 1);
    }
}
