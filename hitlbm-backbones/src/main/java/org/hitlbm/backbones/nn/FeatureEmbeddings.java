package org.hitlbm.backbones.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.initializer.NormalInitializer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.function.Supplier;
import org.hitlbm.data.sample.FeatureSpace.Field;
import org.hitlbm.data.sample.FeatureSpace;
import org.hitlbm.nn.layers.Dense;
import org.hitlbm.nn.layers.Layer;
import org.hitlbm.nn.layers.MaskedPooling;
import org.hitlbm.nn.side.SideLayer;

/**
 * The shared feature layer: one embedding table per categorical field ({@link Field}, in its order,
 * then the ratings), so a new field is one line there; the recent behaviors share the item-owned
 * fields' tables and add a rating embedding to their item's; padding is masked; the side layer
 * turns the side input's arrays into one vector per sample (static features pass through, a fusion
 * module trains here with everything else). Each feature of that vector ({@link SideLayer#fieldWidths()}:
 * e_user and e_item for a fusion, SPEC Eq. 14) becomes a field of its own through its own
 * projection, so FM, CIN and bilinear models can let the two interact; {@code jointSideField}
 * projects the whole vector into one field instead.
 */
public final class FeatureEmbeddings extends Layer {
    /**
     * The target's item-owned fields, the user's fields, then the recent behaviors' mean of each
     * item-owned field (today: item, category, gender, age, occupation, recent items, recent categories).
     */
    public static final int BASE_FIELDS = Inputs.ITEM_FIELDS.size() + Inputs.USER_FIELDS + Inputs.ITEM_FIELDS.size();

    private final int dim;
    private final SideLayer sideLayer;
    private final EnumMap<Field, Parameter> tables = new EnumMap<>(Field.class);
    private final Parameter ratings;
    private final List<Dense> sideProjections = new ArrayList<>();
    private final int[] sideFieldWidths;
    private final FirstOrder firstOrder;

    /** @param sideWidth width of static side features (0 = none) */
    public FeatureEmbeddings(FeatureSpace space, int dim, int sideWidth) {
        this(space, dim, sideWidth, false);
    }

    public FeatureEmbeddings(FeatureSpace space, int dim, int sideWidth, boolean withFirstOrder) {
        this(space, dim, sideWidth > 0 ? SideLayer.identity(sideWidth) : null, withFirstOrder);
    }

    /**
     * @param sideLayer      maps the side input's arrays to (B, width), or null for no side input
     * @param withFirstOrder also learn one scalar per feature value (FM-style linear term)
     */
    public FeatureEmbeddings(FeatureSpace space, int dim, SideLayer sideLayer, boolean withFirstOrder) {
        this(space, dim, sideLayer, withFirstOrder, false);
    }

    /** @param jointSideField one field for the whole side vector rather than one per feature */
    public FeatureEmbeddings(FeatureSpace space, int dim, SideLayer sideLayer, boolean withFirstOrder, boolean jointSideField) {
        this.dim = dim;
        int sideWidth = sideLayer == null ? 0 : sideLayer.width();
        sideFieldWidths = sideLayer == null ? new int[0] : jointSideField ? new int[] {sideWidth} : sideLayer.fieldWidths();
        for (Field field : Field.values()) {
            tables.put(field, table(field.vocabularyName(), space.vocabularySize(field), dim));
        }
        ratings = table("ratings", FeatureSpace.RATING_VOCABULARY, dim);
        for (int f = 0; f < sideFieldWidths.length; f++) {
            Dense projection = child(f == 0 ? "side" : "side" + f, new Dense(sideFieldWidths[f], dim));
            // start the side fields on the ID embeddings' scale: an O(1) field among 0.01 ones
            // saturates the higher-order interactions (xDeepFM's CIN) before any training
            projection.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
            sideProjections.add(projection);
        }
        firstOrder = withFirstOrder ? child("firstOrder", new FirstOrder(space, sideWidth)) : null;
        // registered last: a weightless (static) side layer leaves every other initial weight as before
        this.sideLayer = sideLayer == null ? null : child("sideInput", sideLayer);
    }

    public int dim() {
        return dim;
    }

    /** Width of the side vector (0 = none). */
    public int sideWidth() {
        return sideLayer == null ? 0 : sideLayer.width();
    }

    /** How many side arrays follow the base inputs (0 = none). */
    public int sideArrays() {
        return sideLayer == null ? 0 : sideLayer.arrays();
    }

    /** Fields in {@link Embedded#fields()}: the base fields plus one per side feature. */
    public int numFields() {
        return BASE_FIELDS + sideFieldWidths.length;
    }

    /** Width of {@link Embedded#flatFields()}: every field's embedding side by side. */
    public int flatWidth() {
        return numFields() * dim;
    }

    /** Width of {@link Embedded#target()}, and of one recent behavior in {@link Embedded#history()}. */
    public int targetWidth() {
        return Inputs.ITEM_FIELDS.size() * dim;
    }

    /** Width of {@link Embedded#user()}. */
    public int userWidth() {
        return Inputs.USER_FIELDS * dim;
    }

    /** The first-order layer, or null when this model has no linear term. */
    Layer embedLinearOrNull() {
        return firstOrder;
    }

    public Embedded embed(NDList in) {
        NDArray mask = in.get(Inputs.HISTORY_MASK);
        NDArray maskedDims = mask.expandDims(2);
        NDList targets = new NDList();
        NDList histories = new NDList();
        for (Field field : Inputs.ITEM_FIELDS) {
            NDList both = lookupTogether(value(tables.get(field)), in.get(Inputs.target(field)), in.get(Inputs.history(field)));
            targets.add(both.get(0));
            NDArray behavior = both.get(1);
            if (field == Field.ITEM) {
                behavior = behavior.add(lookup(in.get(Inputs.HISTORY_RATINGS), ratings)); // the rating rides on the item
            }
            histories.add(behavior.mul(maskedDims));
        }
        NDArray userIds = in.get(Inputs.USER);
        NDList users = new NDList();
        for (int p = 0; p < Inputs.USER_FIELDS; p++) {
            users.add(lookup(userIds.get(":, " + p), tables.get(Inputs.USER_FIELD_LIST.get(p))));
        }
        NDArray historyItems = histories.get(Inputs.target(Field.ITEM));
        NDArray target = NDArrays.concat(targets, -1);
        NDArray history = NDArrays.concat(histories, -1);
        NDArray user = NDArrays.concat(users, -1);
        NDArray side = sideLayer == null ? null
                : sideLayer.apply(new NDList(in.subList(Inputs.SIDE, Inputs.SIDE + sideLayer.arrays())));
        Supplier<NDArray> fields = () -> fields(targets, users, histories, mask, side);
        // L2 over the target's fields, the recent items (with ratings) and the user fields; the
        // recent behaviors' other fields (categories) have never been in it
        Supplier<NDArray> regularizer = () -> {
            NDArray sum = null;
            for (NDArray t : targets) {
                NDArray squares = t.square().sum();
                sum = sum == null ? squares : sum.add(squares);
            }
            return sum.add(historyItems.square().sum()).add(user.square().sum());
        };
        NDArray linear = firstOrder == null ? null : firstOrder.apply(in, side);
        NDArray negativeHistory = null;
        int negativesAt = Inputs.negativesIndex(sideArrays());
        if (in.size() > negativesAt) {
            NDArray ratingEmbedding = lookup(in.get(Inputs.HISTORY_RATINGS), ratings);
            NDList negatives = new NDList();
            for (Field field : Inputs.ITEM_FIELDS) {
                NDArray negative = lookup(in.get(negativesAt + Inputs.target(field)), tables.get(field));
                if (field == Field.ITEM) {
                    negative = negative.add(ratingEmbedding);
                }
                negatives.add(negative.mul(maskedDims));
            }
            negativeHistory = NDArrays.concat(negatives, -1);
        }
        return new Embedded(target, history, mask, user, fields, side, regularizer, linear, negativeHistory);
    }

    /** (B, F, d): the target's and the user's fields, each recent field's mean, then the side fields. */
    private NDArray fields(NDList targets, NDList users, NDList histories, NDArray mask, NDArray side) {
        NDList fieldList = new NDList(targets);
        fieldList.addAll(users);
        for (NDArray behavior : histories) {
            fieldList.add(MaskedPooling.meanOfMasked(behavior, mask));
        }
        int from = 0;
        for (int f = 0; f < sideFieldWidths.length; f++) {
            NDArray part = sideFieldWidths.length == 1 ? side : side.get(":, " + from + ":" + (from + sideFieldWidths[f]));
            fieldList.add(sideProjections.get(f).apply(part));
            from += sideFieldWidths[f];
        }
        return NDArrays.stack(fieldList, 1);
    }

    /**
     * The target's row (B, w) and the recent behaviors' rows (B, k, w) of one table in a single
     * lookup: one gradient scatter into the table per batch instead of two, which on CPU is a
     * zero-filled table-sized array each.
     */
    static NDList lookupTogether(NDArray table, NDArray targetIds, NDArray historyIds) {
        long batch = targetIds.getShape().get(0);
        NDArray ids = NDArrays.concat(new NDList(targetIds, historyIds.reshape(-1)), 0);
        NDList parts = Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow().split(new long[] {batch}, 0);
        return new NDList(parts.get(0), parts.get(1).reshape(historyIds.getShape().add(table.getShape().get(1))));
    }

    private NDArray lookup(NDArray ids, Parameter table) {
        return Embedding.embedding(ids, value(table), SparseFormat.DENSE).singletonOrThrow();
    }
}
