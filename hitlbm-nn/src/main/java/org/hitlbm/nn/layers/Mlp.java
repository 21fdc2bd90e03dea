package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.List;

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
     * @param firstLayerOutput what {@link #firstLayer()} gives for the input
     */
    public NDArray continueFrom(NDArray firstLayerOutput, NDArray mask) {
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
