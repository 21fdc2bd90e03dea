package org.hitlbm.nn.side;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hitlbm.data.sample.CtrSamples;

/**
 * Static dense features beside the ID embeddings, one vector of {@code width} per CTR sample
 * (indexed by sample row, not by position in a split), computed before training: nothing about
 * them is learned. Every backbone consumes them without knowing where they came from.
 *
 * @param values row-major, {@code samples.size * width}
 */
public record SideFeatures(int width, float[] values) implements SideInput {
    public SideFeatures {
        if (width < 1 || values.length % width != 0) {
            throw new IllegalArgumentException("side features: width " + width + " does not divide " + values.length + " values");
        }
    }

    public int rows() {
        return values.length / width;
    }

    @Override
    public int arrays() {
        return 1;
    }

    @Override
    public void checkCovers(CtrSamples samples) {
        if (rows() != samples.size) {
            throw new IllegalArgumentException("side features cover " + rows() + " rows, samples have " + samples.size);
        }
    }

    @Override
    public NDList pack(NDManager manager, CtrSamples samples, int[] rows) {
        float[] batch = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(values, rows[i] * width, batch, i * width, width);
        }
        return new NDList(manager.create(batch, new Shape(rows.length, width)));
    }

    @Override
    public SideLayer newLayer() {
        return SideLayer.identity(width);
    }

    @Override
    public boolean trainable() {
        return false;
    }
}
