package org.hitlbm.fusion.fuse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.hitlbm.nn.layers.Layer;
import org.hitlbm.nn.onnx.OnnxGraph;

/**
 * pos_j of SPEC Eq. 11, added to chunk j: sinusoidal (fixed), learned (one vector per position) or
 * none. Sinusoidal codes are scaled to unit length, the length of the (L2-normalised) encoder
 * vectors: unscaled, a d=1024 code has length sqrt(512) and would drown the interest it marks.
 */
final class Positions extends Layer {
    enum Kind { SINUSOIDAL, LEARNED, NONE }

    private final Kind kind;
    private final int dim;
    private final int maxChunks;
    private final Parameter table;

    /** @param maxChunks rows of the learned table: the longest sequence it can be given */
    Positions(Kind kind, int dim, int maxChunks) {
        this.kind = kind;
        this.dim = dim;
        this.maxChunks = Math.max(1, maxChunks);
        table = kind == Kind.LEARNED ? table("positions", Math.max(1, maxChunks), dim) : null;
    }

    static Kind parse(String name) {
        return Kind.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** (B, T, d) plus the position of each chunk. */
    NDArray add(NDArray sequence) {
        int t = Math.toIntExact(sequence.getShape().get(1));
        return switch (kind) {
            case NONE -> sequence;
            case SINUSOIDAL -> sequence.add(sequence.getManager().create(sinusoid(t, dim), new Shape(t, dim)));
            case LEARNED -> {
                long rows = table.getArray().getShape().get(0);
                if (t > rows) {
                    throw new IllegalArgumentException(t + " chunks, but learned positions were sized for " + rows);
                }
                yield sequence.add(onBatchOf(sequence, value(table).get("0:{}", t)));
            }
        };
    }

    /** {@link #add} as ONNX nodes: a table of every position, cut to the sequence's T rows. */
    String onnx(OnnxGraph g, String sequence) {
        if (kind == Kind.NONE) {
            return sequence;
        }
        float[] rows = kind == Kind.SINUSOIDAL ? sinusoid(maxChunks, dim) : table.getArray().toFloatArray();
        String all = g.weights("positions", rows, rows.length / dim, dim);
        return g.op("Add", sequence, g.op("Slice", all, g.ints(0), g.dim(sequence, 1), g.ints(0)));
    }

    /** Vaswani et al.: sin(j / 10000^(2i/d)) at even dims 2i, cos at odd dims 2i+1; then unit length. */
    static float[] sinusoid(int t, int dim) {
        float[] pos = new float[t * dim];
        for (int j = 0; j < t; j++) {
            double squares = 0;
            for (int c = 0; c < dim; c++) {
                double angle = j / Math.pow(10000, (c - c % 2) / (double) dim);
                double v = c % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
                pos[j * dim + c] = (float) v;
                squares += v * v;
            }
            for (int c = 0; c < dim && squares > 0; c++) { // only a 1-d code at j = 0 is all zeros
                pos[j * dim + c] /= (float) Math.sqrt(squares);
            }
        }
        return pos;
    }
}
