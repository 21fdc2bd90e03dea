package org.hitlbm.backbones.side;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.nn.layers.Dense;
import org.hitlbm.nn.side.SideInput;
import org.hitlbm.nn.side.SideLayer;

/**
 * A trainable side input with two raw arrays of different shapes, (B, 3) from the row and (B, 2)
 * from the item, joined by a learned linear map: enough to catch inputs found at the wrong index.
 */
final class TwoArraySide implements SideInput {
    private final int width;

    TwoArraySide(int width) {
        this.width = width;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int arrays() {
        return 2;
    }

    @Override
    public void checkCovers(CtrSamples samples) {
    }

    @Override
    public NDList pack(NDManager manager, CtrSamples samples, int[] rows) {
        float[] a = new float[rows.length * 3];
        float[] b = new float[rows.length * 2];
        for (int i = 0; i < rows.length; i++) {
            a[i * 3] = (float) Math.sin(rows[i]);
            a[i * 3 + 1] = (float) Math.cos(rows[i]);
            a[i * 3 + 2] = samples.user[rows[i]] % 7 / 7f;
            b[i * 2] = samples.item[rows[i]] % 5 / 5f;
            b[i * 2 + 1] = 1f;
        }
        return new NDList(manager.create(a, new Shape(rows.length, 3)), manager.create(b, new Shape(rows.length, 2)));
    }

    @Override
    public SideLayer newLayer() {
        return new Layer(width);
    }

    @Override
    public boolean trainable() {
        return true;
    }

    /** Parameters of {@link #newLayer()}: a 5 to width linear map with bias. */
    int parameterCount() {
        return 5 * width + width;
    }

    static final class Layer extends SideLayer {
        private final Dense joint;

        Layer(int width) {
            super(2, width);
            joint = child("joint", new Dense(5, width));
        }

        @Override
        public NDArray apply(NDList raw) {
            return joint.apply(NDArrays.concat(raw, -1));
        }
    }
}
