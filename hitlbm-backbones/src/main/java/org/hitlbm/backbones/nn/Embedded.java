package org.hitlbm.backbones.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.hitlbm.nn.layers.MaskedPooling;

/**
 * One batch after the shared feature layer, in the shapes backbones want (d = embedding dim,
 * B = batch, k = recent behaviors, F = fields, I and U = the item- and user-owned fields of
 * {@link org.hitlbm.data.sample.FeatureSpace.Field}; widths from {@link FeatureEmbeddings}):
 *
 * @param target      (B, I*d): the target's item-owned fields (item, category)
 * @param history     (B, k, I*d): the same fields of each recent behavior, the item's with the
 *                    behavior's rating embedding added
 * @param mask        (B, k): 1 for a real behavior, 0 for padding
 * @param user        (B, U*d): the user's fields (gender, age, occupation)
 * @param fields      (B, F, d): every field as one d-vector, the recent behaviors mean-pooled and
 *                    the side vector projected, for field-interaction models
 * @param side        (B, S) the side vector (static features, or a fusion module's output), or null
 * @param regularizer sum of squares of the target's, the user's and the recent items' embeddings
 *                    looked up for this batch (recent categories are not in it), for L2
 * @param linear      (B, 1) first-order term: a learned scalar per feature value, summed over the
 *                    fields (recent behaviors averaged), plus a bias; null unless the backbone asks
 *                    for it ({@link NeuralBackbone#firstOrderTerm()})
 * @param negativeHistory (B, k, I*d): a random item in place of each recent behavior (same rating
 *                    embedding, same mask), for DIEN's auxiliary loss; null unless the network asks
 *                    for negatives and this is a training batch
 */
public record Embedded(NDArray target, NDArray history, NDArray mask, NDArray user, NDArray fields, NDArray side,
                       NDArray regularizer, NDArray linear, NDArray negativeHistory) {

    /** Masked mean of the history over the sequence axis: (B, I*d). */
    public NDArray historyMean() {
        return MaskedPooling.mean(history, mask);
    }

    /** Every field flattened: (B, F*d), the usual DNN input. */
    public NDArray flatFields() {
        return fields.reshape(fields.getShape().get(0), -1);
    }

    public long numFields() {
        return fields.getShape().get(1);
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
