package org.hitlbm.backbones.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.function.Supplier;
import org.hitlbm.nn.layers.MaskedPooling;

/**
 * One batch after the shared feature layer, in the shapes backbones want (d = embedding dim,
 * B = batch, k = recent behaviors, F = fields, I and U = the item- and user-owned fields of
 * {@link org.hitlbm.data.sample.FeatureSpace.Field}; widths from {@link FeatureEmbeddings}):
 *
 * <br>{@code target}: (B, I*d): the target's item-owned fields (item, category)
 * <br>{@code history}: (B, k, I*d): the same fields of each recent behavior, the item's with the
 *                    behavior's rating embedding added
 * <br>{@code mask}: (B, k): 1 for a real behavior, 0 for padding
 * <br>{@code user}: (B, U*d): the user's fields (gender, age, occupation)
 * <br>{@code fields}: (B, F, d): every field as one d-vector, the recent behaviors mean-pooled and
 *                    the side vector projected, for field-interaction models
 * <br>{@code side}: (B, S) the side vector (static features, or a fusion module's output), or null
 * <br>{@code regularizer}: sum of squares of the target's, the user's and the recent items' embeddings
 *                    looked up for this batch (recent categories are not in it), for L2
 * <br>{@code linear}: (B, 1) first-order term: a learned scalar per feature value, summed over the
 *                    fields (recent behaviors averaged), plus a bias; null unless the backbone asks
 *                    for it ({@link NeuralBackbone#firstOrderTerm()})
 * <br>{@code negativeHistory}: (B, k, I*d): a random item in place of each recent behavior (same rating
 *                    embedding, same mask), for DIEN's auxiliary loss; null unless the network asks
 *                    for negatives and this is a training batch
 */
public final class Embedded {
    private final NDArray target;
    private final NDArray history;
    private final NDArray mask;
    private final NDArray user;
    private final NDArray side;
    private final NDArray linear;
    private final NDArray negativeHistory;
    private Supplier<NDArray> fieldsSource;
    private NDArray fields;
    private Supplier<NDArray> regularizerSource;
    private NDArray regularizer;

    /**
     * {@code fields} and {@code regularizer} are computed on first use, once: DIN and DIEN read
     * neither, and the regularizer is only needed when L2 is on (each is a dozen ops per batch).
     */
    public Embedded(NDArray target, NDArray history, NDArray mask, NDArray user, Supplier<NDArray> fields, NDArray side,
                    Supplier<NDArray> regularizer, NDArray linear, NDArray negativeHistory) {
        this.target = target;
        this.history = history;
        this.mask = mask;
        this.user = user;
        this.fieldsSource = fields;
        this.side = side;
        this.regularizerSource = regularizer;
        this.linear = linear;
        this.negativeHistory = negativeHistory;
    }

    public NDArray target() {
        return target;
    }

    public NDArray history() {
        return history;
    }

    public NDArray mask() {
        return mask;
    }

    public NDArray user() {
        return user;
    }

    public NDArray fields() {
        if (fields == null) {
            fields = fieldsSource.get();
            fieldsSource = null;
        }
        return fields;
    }

    public NDArray side() {
        return side;
    }

    public NDArray regularizer() {
        if (regularizer == null) {
            regularizer = regularizerSource.get();
            regularizerSource = null;
        }
        return regularizer;
    }

    public NDArray linear() {
        return linear;
    }

    public NDArray negativeHistory() {
        return negativeHistory;
    }

    /** Masked mean of the history over the sequence axis: (B, I*d). */
    public NDArray historyMean() {
        return MaskedPooling.mean(history, mask);
    }

    /** Every field flattened: (B, F*d), the usual DNN input. */
    public NDArray flatFields() {
        NDArray fields = fields();
        return fields.reshape(fields.getShape().get(0), -1);
    }

    public long numFields() {
        return fields().getShape().get(1);
    }

    /** Concatenates along the last axis, skipping nulls (e.g. absent side features). */
    public static NDArray concat(NDArray... parts) {
        NDList list = new NDList();
        for (NDArray p : parts) {
            if (p != null) {
                list.add(p);
            }
        }
        return NDArrays.concat(list, -1);
    }
}
