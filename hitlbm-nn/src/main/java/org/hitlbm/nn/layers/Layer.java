package org.hitlbm.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Base of every neural layer here: parameters get their full shape when the layer is built (all
 * sizes are known from the feature space), so initialisation needs no input shapes and layers
 * compose by plain method calls instead of DJL's shape inference.
 */
public abstract class Layer extends AbstractBlock {
    protected ParameterStore store;
    protected boolean training;

    protected Parameter weight(String name, Shape shape) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape).build());
    }

    /** Embedding tables: small normal init as in FuxiCTR (std 1e-4 would be too timid for tiny tests). */
    protected Parameter table(String name, long rows, long dim) {
        Initializer init = new NormalInitializer(0.01f);
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(new Shape(rows, dim))
                .optInitializer(init).build());
    }

    protected Parameter bias(String name, Shape shape) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.BIAS).optShape(shape).build());
    }

    protected <B extends Block> B child(String name, B block) {
        return addChildBlock(name, block);
    }

    /**
     * Moves {@code result} to {@code batchArray}'s manager and returns it. The engine puts an op's
     * result on the manager of its first operand; when that operand is a parameter, that is the
     * model's manager, which lives as long as the model, so without this every batch leaves the
     * result behind (DIN's attention and Dice left 14 arrays per batch: 1.7 GB of native memory by
     * the end of a 20,000-user epoch). {@code ModelArraysTest} trains every backbone to keep this so.
     */
    public static NDArray onBatchOf(NDArray batchArray, NDArray result) {
        result.attach(batchArray.getManager());
        return result;
    }

    /** {@link #onBatchOf(NDArray, NDArray)} for several results. */
    public static NDList onBatchOf(NDArray batchArray, NDList results) {
        results.attach(batchArray.getManager());
        return results;
    }

    /** The parameter's value for this forward pass (gradients are recorded while training). */
    protected NDArray value(Parameter p) {
        return store.getValue(p, p.getArray().getDevice(), training);
    }

    /** Sets the pass context on this layer and every descendant before a forward pass. */
    public void bind(ParameterStore store, boolean training) {
        this.store = store;
        this.training = training;
        for (Block child : getChildren().values()) {
            if (child instanceof Layer layer) {
                layer.bind(store, training);
            }
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType);
        }
    }

    /** Layers are called through typed methods; only the whole network is a DJL forward. */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is called through its own methods");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no fixed output shape");
    }
}
