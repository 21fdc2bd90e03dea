package org.hitlbm.backbones.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.EnumMap;
import org.hitlbm.data.sample.FeatureSpace.Field;
import org.hitlbm.data.sample.FeatureSpace;
import org.hitlbm.nn.layers.Dense;
import org.hitlbm.nn.layers.Layer;
import org.hitlbm.nn.layers.MaskedPooling;

/**
 * The first-order part of FM: w_0 + sum of one learned scalar per feature value (every
 * {@link Field} of the target and the user, the recent items averaged over real positions, the
 * side vector linearly).
 */
final class FirstOrder extends Layer {
    private final EnumMap<Field, Parameter> scalars = new EnumMap<>(Field.class);
    private final Parameter globalBias;
    private final Dense side;

    FirstOrder(FeatureSpace space, int sideWidth) {
        for (Field field : Field.values()) {
            scalars.put(field, scalars(field.vocabularyName(), space.vocabularySize(field)));
        }
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
        NDArray sum = null;
        NDArray historyItems = null;
        for (Field field : Inputs.ITEM_FIELDS) {
            NDArray scalar;
            if (field == Field.ITEM) { // the recent items share the item table: one lookup for both
                NDList both = FeatureEmbeddings.lookupTogether(value(scalars.get(field)), in.get(Inputs.target(field)),
                        in.get(Inputs.HISTORY_ITEMS));
                scalar = both.get(0);
                historyItems = both.get(1);
            } else {
                scalar = lookup(in.get(Inputs.target(field)), scalars.get(field));
            }
            sum = sum == null ? scalar : sum.add(scalar);
        }
        for (int p = 0; p < Inputs.USER_FIELDS; p++) {
            sum = sum.add(lookup(user.get(":, " + p), scalars.get(Inputs.USER_FIELD_LIST.get(p))));
        }
        NDArray mask = in.get(Inputs.HISTORY_MASK);
        NDArray history = MaskedPooling.mean(historyItems.squeeze(-1), mask);
        NDArray out = sum.add(history).add(value(globalBias));
        return this.side == null ? out : out.add(this.side.apply(side));
    }

    private NDArray lookup(NDArray ids, Parameter table) {
        return Embedding.embedding(ids, value(table), SparseFormat.DENSE).singletonOrThrow();
    }
}
