package org.hitlbm.nn.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds an ONNX graph (opset {@value #OPSET}, float32) the way the layers compute: each layer's
 * {@code onnx} method appends the nodes of its forward pass next to the DJL code it mirrors, with
 * its weights as initializers, and returns the name of its output. Value names are unique across a
 * model and its subgraphs, so a {@link #subgraph} (a Scan body) can never shadow an outer value.
 * Dimensions are numbers or symbolic names (the batch, the chunk count).
 */
public final class OnnxGraph {
    /** LayerNormalization needs 17; onnxruntime 1.20 runs up to 21. */
    public static final int OPSET = 17;
    private static final int IR_VERSION = 8;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final String name;
    private final int[] counter;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();

    public OnnxGraph(String name) {
        this(name, new int[1]);
    }

    private OnnxGraph(String name, int[] counter) {
        this.name = name;
        this.counter = counter;
    }

    /** A graph for a control-flow node's body, naming its values apart from this one's. */
    public OnnxGraph subgraph(String bodyName) {
        return new OnnxGraph(bodyName, counter);
    }

    /** A new value name from a hint: unique in the model. */
    public String fresh(String hint) {
        return hint + "_" + counter[0]++;
    }

    /** A float input of the graph; dims are Integer/Long sizes or String symbols. Returns its name. */
    public String input(String inputName, Object... dims) {
        inputs.add(valueInfo(inputName, dims));
        return inputName;
    }

    /** Makes {@code value} an output of the graph named {@code outputName}. */
    public void output(String value, String outputName, Object... dims) {
        if (!value.equals(outputName)) {
            node("Identity", value).out(outputName);
        }
        outputs.add(valueInfo(outputName, dims));
    }

    /** A float initializer, row-major. */
    public String weights(String hint, float[] values, long... dims) {
        long size = 1;
        for (long d : dims) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(hint + ": " + values.length + " values for dims " + java.util.Arrays.toString(dims));
        }
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        String valueName = fresh(hint);
        initializers.add(tensor(valueName, FLOAT, raw.array(), dims));
        return valueName;
    }

    /** A float scalar initializer. */
    public String scalar(float value) {
        return weights("c", new float[] {value});
    }

    /** A 1-d int64 initializer: axes, shapes, split sizes, slice bounds. */
    public String ints(long... values) {
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        String valueName = fresh("i");
        initializers.add(tensor(valueName, INT64, raw.array(), values.length));
        return valueName;
    }

    /** A 0-d int64 initializer (Trilu's diagonal offset). */
    public String intScalar(long value) {
        byte[] raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
        String valueName = fresh("k");
        initializers.add(tensor(valueName, INT64, raw));
        return valueName;
    }

    /** Starts a node; it joins the graph when its outputs are named ({@link Node#out()}). */
    public Node node(String opType, String... nodeInputs) {
        return new Node(opType, nodeInputs);
    }

    /** {@code node(opType, inputs).out()}: the common one-output node without attributes. */
    public String op(String opType, String... nodeInputs) {
        return node(opType, nodeInputs).out();
    }

    /** x with its dims {@code axes} inserted (size 1). */
    public String unsqueeze(String x, long... axes) {
        return op("Unsqueeze", x, ints(axes));
    }

    /** Size of x's axis {@code axis} as a 1-element int64 tensor. */
    public String dim(String x, long axis) {
        return node("Shape", x).attr("start", axis).attr("end", axis + 1).out();
    }

    /** The serialized model with this as its graph. */
    public byte[] model(String producer, String producerVersion, Map<String, String> metadata) {
        ProtoWriter model = new ProtoWriter().varint(1, IR_VERSION).string(2, producer).string(3, producerVersion);
        model.message(7, graphProto());
        model.message(8, new ProtoWriter().string(1, "").varint(2, OPSET));
        metadata.forEach((k, v) -> model.message(14, new ProtoWriter().string(1, k).string(2, v)));
        return model.toByteArray();
    }

    private ProtoWriter graphProto() {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, name);
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(i -> graph.message(11, i));
        outputs.forEach(o -> graph.message(12, o));
        return graph;
    }

    private static ProtoWriter tensor(String tensorName, int dataType, byte[] raw, long... dims) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, dataType).string(8, tensorName).bytes(9, raw);
    }

    private static ProtoWriter valueInfo(String valueName, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d instanceof String symbol) {
                dim.string(2, symbol);
            } else {
                dim.varint(1, ((Number) d).longValue());
            }
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, valueName).message(2, new ProtoWriter().message(1, tensorType));
    }

    /** One node being built: attributes, then its outputs. */
    public final class Node {
        private final ProtoWriter node = new ProtoWriter();
        private final List<ProtoWriter> attributes = new ArrayList<>();
        private final String opType;

        private Node(String opType, String[] nodeInputs) {
            this.opType = opType;
            for (String in : nodeInputs) {
                node.string(1, in);
            }
        }

        public Node attr(String attrName, long value) {
            attributes.add(new ProtoWriter().string(1, attrName).varint(3, value).varint(20, 2));
            return this;
        }

        public Node attr(String attrName, float value) {
            attributes.add(new ProtoWriter().string(1, attrName).fixed32(2, value).varint(20, 1));
            return this;
        }

        public Node attr(String attrName, long[] values) {
            ProtoWriter a = new ProtoWriter().string(1, attrName);
            for (long v : values) {
                a.varint(8, v);
            }
            attributes.add(a.varint(20, 7));
            return this;
        }

        /** A float tensor of one value (ConstantOfShape's fill). */
        public Node attrTensor(String attrName, float value) {
            byte[] raw = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array();
            attributes.add(new ProtoWriter().string(1, attrName).message(5, tensor(attrName, FLOAT, raw, 1)).varint(20, 4));
            return this;
        }

        public Node attr(String attrName, OnnxGraph body) {
            attributes.add(new ProtoWriter().string(1, attrName).message(6, body.graphProto()).varint(20, 5));
            return this;
        }

        /** Adds the node with one output, named from its op. */
        public String out() {
            return outs(1)[0];
        }

        /** Adds the node with the given output name. */
        public String out(String outputName) {
            add(new String[] {outputName});
            return outputName;
        }

        /** Adds the node with {@code count} outputs. */
        public String[] outs(int count) {
            String[] names = new String[count];
            for (int i = 0; i < count; i++) {
                names[i] = fresh(opType.toLowerCase(java.util.Locale.ROOT));
            }
            add(names);
            return names;
        }

        private void add(String[] outputNames) {
            for (String o : outputNames) {
                node.string(2, o);
            }
            node.string(3, fresh("n_" + opType)).string(4, opType);
            attributes.forEach(a -> node.message(5, a));
            nodes.add(node);
        }
    }
}
