package org.hitlbm.backbones.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.initializer.NormalInitializer;
import java.util.ArrayList;
import java.util.List;
import org.hitlbm.data.sample.FeatureSpace;
import org.hitlbm.nn.layers.Dense;
import org.hitlbm.nn.layers.Layer;
import org.hitlbm.nn.side.SideLayer;

/**
 * The shared feature layer: one embedding table per categorical field; the recent behaviors share
 * the item and category tables and add a rating embedding; padding is masked; the side layer turns
 * the side input's arrays into one vector per sample (static features pass through, a fusion
 * module trains here with everything else). Each feature of that vector ({@link SideLayer#fieldWidths()}:
 * e_user and e_item for a fusion, SPEC Eq. 14) becomes a field of its own through its own
 * projection, so FM, CIN and bilinear models can let the two interact; {@code jointSideField}
 * projects the whole vector into one field instead.
 */
public final class FeatureEmbeddings extends Layer {
    /** item, category, gender, age, occupation, recent items (mean), recent categories (mean). */
    public static final int BASE_FIELDS = 7;

    private final int dim;
    private final SideLayer sideLayer;
    private final Parameter items;
    private final Parameter categories;
    private final Parameter genders;
    private final Parameter ages;
    private final Parameter occupations;
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
        items = table("items", space.itemVocabulary(), dim);
        categories = table("categories", space.categories().size(), dim);
        genders = table("genders", space.genders().size(), dim);
        ages = table("ages", space.ages().size(), dim);
        occupations = table("occupations", space.occupations().size(), dim);
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

    /** The first-order layer, or null when this model has no linear term. */
    Layer embedLinearOrNull() {
        return firstOrder;
    }

    public Embedded embed(NDList in) {
        NDArray item = lookup(in.get(Inputs.ITEM), items);
        NDArray category = lookup(in.get(Inputs.CATEGORY), categories);
        NDArray userIds = in.get(Inputs.USER);
        NDArray gender = lookup(userIds.get(":, 0"), genders);
        NDArray age = lookup(userIds.get(":, 1"), ages);
        NDArray occupation = lookup(userIds.get(":, 2"), occupations);
        NDArray mask = in.get(Inputs.HISTORY_MASK);
        NDArray maskedDims = mask.expandDims(2);
        NDArray historyItems = lookup(in.get(Inputs.HISTORY_ITEMS), items)
                .add(lookup(in.get(Inputs.HISTORY_RATINGS), ratings)).mul(maskedDims);
        NDArray historyCategories = lookup(in.get(Inputs.HISTORY_CATEGORIES), categories).mul(maskedDims);
        NDArray target = NDArrays.concat(new NDList(item, category), -1);
        NDArray history = NDArrays.concat(new NDList(historyItems, historyCategories), -1);
        NDArray user = NDArrays.concat(new NDList(gender, age, occupation), -1);
        NDArray count = mask.sum(new int[] {1}, true).maximum(1f);
        NDArray historyItemMean = historyItems.sum(new int[] {1}).div(count);
        NDArray historyCategoryMean = historyCategories.sum(new int[] {1}).div(count);
        NDList fieldList = new NDList(item, category, gender, age, occupation, historyItemMean, historyCategoryMean);
        NDArray side = null;
        if (sideLayer != null) {
            side = sideLayer.apply(new NDList(in.subList(Inputs.SIDE, Inputs.SIDE + sideLayer.arrays())));
            int from = 0;
            for (int f = 0; f < sideFieldWidths.length; f++) {
                NDArray part = sideFieldWidths.length == 1 ? side : side.get(":, " + from + ":" + (from + sideFieldWidths[f]));
                fieldList.add(sideProjections.get(f).apply(part));
                from += sideFieldWidths[f];
            }
        }
        NDArray fields = NDArrays.stack(fieldList, 1);
        NDArray regularizer = item.square().sum().add(category.square().sum()).add(historyItems.square().sum())
                .add(user.square().sum());
        NDArray linear = firstOrder == null ? null : firstOrder.apply(in, side);
        NDArray negativeHistory = null;
        int negativesAt = Inputs.negativesIndex(sideArrays());
        if (in.size() > negativesAt) {
            NDArray ratingEmbedding = lookup(in.get(Inputs.HISTORY_RATINGS), ratings);
            negativeHistory = NDArrays.concat(new NDList(
                    lookup(in.get(negativesAt), items).add(ratingEmbedding).mul(maskedDims),
                    lookup(in.get(negativesAt + 1), categories).mul(maskedDims)), -1);
        }
        return new Embedded(target, history, mask, user, fields, side, regularizer, linear, negativeHistory);
    }

    private NDArray lookup(NDArray ids, Parameter table) {
        return Embedding.embedding(ids, value(table), SparseFormat.DENSE).singletonOrThrow();
    }
}
