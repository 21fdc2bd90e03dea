package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hitlbm.nn.onnx.OnnxGraph;

/**
 * One batch of chunk inputs as a fusion reads them (B = batch, T = the most chunks any row of the
 * batch sees, at least 1; chunks are right-padded):
 *
 * @param chunks (B, T, d) e_1..e_T, zeros at padding
 * @param mask   (B, T) 1 for a real chunk, 0 for padding
 * @param scores (B, T) S_final per chunk, 0 at padding
 * @param item   (B, d) the target item's vector
 */
public record ChunkBatch(NDArray chunks, NDArray mask, NDArray scores, NDArray item) {
    /** How many arrays a batch packs into, in this order. */
    public static final int ARRAYS = 4;

    public static ChunkBatch of(NDList raw) {
        if (raw.size() != ARRAYS) {
            throw new IllegalArgumentException("a chunk batch has " + ARRAYS + " arrays, got " + raw.size());
        }
        return new ChunkBatch(raw.get(0), raw.get(1), raw.get(2), raw.get(3));
    }

    /** Packed rows as arrays of {@code manager}. */
    public static ChunkBatch of(NDManager manager, ChunkVectors.Packed p) {
        return new ChunkBatch(manager.create(p.chunks(), new Shape(p.rows(), p.t(), p.dim())), manager.create(p.mask(), new Shape(p.rows(), p.t())),
                manager.create(p.scores(), new Shape(p.rows(), p.t())), manager.create(p.items(), new Shape(p.rows(), p.dim())));
    }

    public NDList toList() {
        return new NDList(chunks, mask, scores, item);
    }

    /** (B, T, w) at each row's last real position: (B, w); zeros for a row with no chunks. */
    public static NDArray lastReal(NDArray sequence, NDArray mask) {
        // right padding: the last real position is the one whose successor is padding (or the end)
        NDArray next = mask.get(":, 1:").concat(mask.get(":, :1").zerosLike(), 1);
        return sequence.mul(mask.sub(next).expandDims(2)).sum(new int[] {1});
    }

    /** {@link #lastReal} as ONNX nodes. */
    static String onnxLastReal(OnnxGraph g, String sequence, String mask) {
        String later = g.op("Slice", mask, g.ints(1), g.ints(Long.MAX_VALUE), g.ints(1));
        String zeros = g.op("Mul", g.op("Slice", mask, g.ints(0), g.ints(1), g.ints(1)), g.scalar(0f));
        String next = g.node("Concat", later, zeros).attr("axis", 1L).out();
        String last = g.op("Mul", sequence, g.unsqueeze(g.op("Sub", mask, next), 2));
        return g.node("ReduceSum", last, g.ints(1)).attr("keepdims", 0L).out();
    }
}
