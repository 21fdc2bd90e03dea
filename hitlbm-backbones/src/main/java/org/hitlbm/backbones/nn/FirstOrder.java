package org.hitlbm.backbones.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.initializer.ConstantInitializer;
import org.hitlbm.data.sample.FeatureSpace;
import org.hitlbm.nn.layers.Dense;
import org.hitlbm.nn.layers.Layer;

/**
 * The first-order part of FM: w_0 + sum of one learned scalar per feature value (target item,
 * category, user fields, the recent items averaged over real positions, the side vector linearly).
 */
final class FirstOrder extends Layer {
    private final Parameter items;
    private final Parameter categories;
    private final Parameter genders;
    private final Parameter ages;
    private final Parameter occupations;
    private final Parameter globalBias;
    private final Dense side;

    FirstOrder(FeatureSpace space, int sideWidth) {
        items = scalars("items", space.itemVocabulary());
        categories = scalars("categories", space.categories().size());
        genders = scalars("genders", space.genders().size());
        ages = scalars("ages", space.ages().size());
        occupations = scalars("occupations", space.occupations().size());
        globalBias = bias("bias", new Shape(1));
        side = sideWidth > 0 ? child("side", new Dense(sideWidth, 1, false)) : null;
    }

    private Parameter scalars(String name, long rows) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(new Shape(rows, 1))
                .optInitializer(new ConstantInitializer(0f)).build());
    }

    /**
     * @param side the side vector (B, S) from the side layer, or null
     * @return (B, 1)
     */
    NDArray apply(NDList in, NDArray side) {
        NDArray user = in.get(Inputs.USER);
        NDArray sum = lookup(in.get(Inputs.ITEM), items).add(lookup(in.get(Inputs.CATEGORY), categories))
                .add(lookup(user.get(":, 0"), genders)).add(lookup(user.get(":, 1"), ages))
                .add(lookup(user.get(":, 2"), occupations));
        NDArray mask = in.get(Inputs.HISTORY_MASK);
        NDArray history = lookup(in.get(Inputs.HISTORY_ITEMS), items).squeeze(-1).mul(mask).sum(new int[] {1}, true)
                .div(mask.sum(new int[] {1}, true).maximum(1f));
        NDArray out = sum.add(history).add(value(globalBias));
        return this.side == null ? out : out.add(this.side.apply(side));
    }

    private NDArray lookup(NDArray ids, Parameter table) {
        return Embedding.embedding(ids, value(table), SparseFormat.DENSE).singletonOrThrow();
    }
}
