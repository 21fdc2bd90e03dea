package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;

/** Shared set-up of the Blocks* tests: initialise and bind a layer, set parameters by name. */
final class BlocksTesting {
    private BlocksTesting() {
    }

    static <L extends Layer> L ready(L layer, NDManager manager) {
        layer.initialize(manager, DataType.FLOAT32);
        layer.bind(new ParameterStore(manager, false), false);
        return layer;
    }

    /** Sets every parameter whose full name ends with {@code suffix}; returns how many. */
    static int set(Layer layer, String suffix, float... values) {
        int n = 0;
        for (Pair<String, Parameter> p : layer.getParameters()) {
            if (p.getKey().endsWith(suffix)) {
                p.getValue().getArray().set(values);
                n++;
            }
        }
        return n;
    }

    /** Parameter names in creation order, without DJL's child ordinals ("01query_weight" is "query_weight"). */
    static List<String> names(Layer layer) {
        return layer.getParameters().keys().stream().map(k -> k.replaceAll("(^|_)\\d{2}", "$1")).toList();
    }

    /** Zeroes every parameter. */
    static void zero(Layer layer) {
        for (Pair<String, Parameter> p : layer.getParameters()) {
            p.getValue().getArray().subi(p.getValue().getArray());
        }
    }
}
