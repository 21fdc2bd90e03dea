package org.hitlbm.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A copy of a block's weights at its best epoch so far, restored when training ends (early
 * stopping keeps the best epoch, not the last). Copies live in their own manager and are freed
 * when a better epoch replaces them.
 */
public final class BestWeights {
    private final Block block;
    private final NDManager manager;
    private Map<String, NDArray> copy;

    /** @param manager where the copies live; closing it frees them */
    public BestWeights(Block block, NDManager manager) {
        this.block = block;
        this.manager = manager;
    }

    public boolean isEmpty() {
        return copy == null;
    }

    /** Remembers the current weights, dropping the previous copy. */
    public void keep() {
        if (copy != null) {
            copy.values().forEach(NDArray::close);
        }
        copy = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray value = p.getValue().getArray().duplicate();
            value.attach(manager);
            copy.put(p.getKey(), value);
        }
    }

    /** Writes the kept weights back into the block. */
    public void restore() {
        if (copy == null) {
            return;
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            copy.get(p.getKey()).copyTo(p.getValue().getArray());
        }
    }
}
