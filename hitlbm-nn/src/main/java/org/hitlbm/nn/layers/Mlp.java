package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hitlbm.nn.onnx.OnnxGraph;

/** Dense layers with an activation and dropout after each (none after an optional output layer). */
public final class Mlp extends Layer {
    /** The activations a backbone may ask for. */
    public enum Act { RELU, DICE, SIGMOID, TANH, NONE }

    private final List<Dense> layers = new ArrayList<>();
    private final List<Dice> dices = new ArrayList<>();
    private final Act act;
    private final float dropout;
    private final Dense output;
    private final int outWidth;

    /**
     * @param units       hidden widths, e.g. 200, 80
     * @param outputUnits width of a final linear layer with no activation, or 0 for none
     */
    public Mlp(int in, int[] units, Act act, float dropout, int outputUnits) {
        this.act = act;
        this.dropout = dropout;
        int width = in;
        for (int i = 0; i < units.length; i++) {
            layers.add(child("dense" + i, new Dense(width, units[i])));
            if (act == Act.DICE) {
                dices.add(child("dice" + i, new Dice(units[i])));
            }
            width = units[i];
        }
        output = outputUnits > 0 ? child("output", new Dense(width, outputUnits)) : null;
        outWidth = outputUnits > 0 ? outputUnits : width;
    }

    public NDArray apply(NDArray x) {
        return apply(x, null);
    }

    /**
     * @param mask null, or x's shape without the last axis: rows with 0 (padding) are left out of
     *             Dice's batch statistics
     */
    public NDArray apply(NDArray x, NDArray mask) {
        return layers.isEmpty() ? output == null ? x : output.apply(x) : continueFrom(layers.get(0).apply(x), mask);
    }

    /** The first hidden layer, for callers that compute its product in parts ({@link #continueFrom}). */
    public Dense firstLayer() {
        if (layers.isEmpty()) {
            throw new IllegalStateException("this MLP has no hidden layer");
        }
        return layers.get(0);
    }

    /**
     * The rest of {@link #apply(NDArray, NDArray)} after the first hidden layer's product: its
     * activation and dropout, then every later layer.
     *
     * <p>With Dice, a mask and a training pass, only the real rows go on: they are gathered, run
     * through the rest (so Dice's batch statistics are the engine's fused batch-norm over exactly
     * those rows), and put back with zeros at the padded ones. That is the masked statistics'
     * function in one op per Dice layer rather than a dozen, and no work on padding (a batch with no
     * real row takes Dice's masked statistics, which leave the running ones alone). Evaluation
     * normalises with running statistics, where the mask changes nothing.
     *
     * @param firstLayerOutput what {@link #firstLayer()} gives for the input
     * @param mask             null, or the input's shape without the last axis (1 real, 0 padding)
     */
    public NDArray continueFrom(NDArray firstLayerOutput, NDArray mask) {
        if (mask == null || !training || act != Act.DICE) {
            return rest(firstLayerOutput, null);
        }
        Shape shape = firstLayerOutput.getShape();
        long units = shape.get(shape.dimension() - 1);
        float[] real = mask.toFloatArray();
        long[] kept = new long[real.length];
        int count = 0;
        for (int i = 0; i < real.length; i++) {
            if (real[i] != 0f) {
                kept[count++] = i;
            }
        }
        if (count == real.length) {
            return rest(firstLayerOutput, null);
        }
        if (count == 0) {
            // the fused norm has no rows to take statistics of; the masked one leaves them alone
            return rest(firstLayerOutput, mask);
        }
        NDManager manager = firstLayerOutput.getManager();
        NDArray rows = firstLayerOutput.reshape(-1, units).get(manager.create(Arrays.copyOf(kept, count)));
        NDArray out = rest(rows, null);
        // back to every position: row i of the result is out[slot[i]], and slot count is a zero row
        long[] slot = new long[real.length];
        int next = 0;
        for (int i = 0; i < real.length; i++) {
            slot[i] = real[i] != 0f ? next++ : count;
        }
        NDArray padded = NDArrays.concat(new NDList(out, manager.zeros(new Shape(1, outWidth), out.getDataType())), 0);
        return padded.get(manager.create(slot)).reshape(mask.getShape().add(outWidth));
    }

    /** @param mask for Dice's masked statistics, or null for the fused norm over every row */
    private NDArray rest(NDArray firstLayerOutput, NDArray mask) {
        NDArray h = firstLayerOutput;
        for (int i = 0; i < layers.size(); i++) {
            if (i > 0) {
                h = layers.get(i).apply(h);
            }
            h = switch (act) {
                case RELU -> Activation.relu(h);
                case DICE -> dices.get(i).apply(h, mask);
                case SIGMOID -> Activation.sigmoid(h);
                case TANH -> Activation.tanh(h);
                case NONE -> h;
            };
            if (dropout > 0) {
                h = Dropout.dropout(h, dropout, training).singletonOrThrow();
            }
        }
        return output == null ? h : output.apply(h);
    }

    /** {@link #apply} at inference (no dropout) as ONNX nodes; Dice has no ONNX form here. */
    public String onnx(OnnxGraph g, String x) {
        String h = x;
        for (Dense layer : layers) {
            h = layer.onnx(g, h);
            h = switch (act) {
                case RELU -> g.op("Relu", h);
                case SIGMOID -> g.op("Sigmoid", h);
                case TANH -> g.op("Tanh", h);
                case NONE -> h;
                case DICE -> throw new UnsupportedOperationException("an MLP with Dice has no ONNX export");
            };
        }
        return output == null ? h : output.onnx(g, h);
    }

    public int outWidth() {
        return outWidth;
    }

    /** "200,80" to {200, 80}; "" to no hidden layer. */
    public static int[] parseUnits(String text) {
        if (text == null || text.isBlank()) {
            return new int[0];
        }
        String[] parts = text.split(",");
        int[] units = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            units[i] = Integer.parseInt(parts[i].trim());
            if (units[i] < 1) {
                throw new IllegalArgumentException("layer widths must be >= 1: '" + text + "'");
            }
        }
        return units;
    }
}
