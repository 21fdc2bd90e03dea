package org.hitlbm.tree.hts;

import java.util.List;
import java.util.Locale;

/** Builds a {@link RatingModel} by name. */
public final class RatingModels {
    /** The kinds {@link #create} knows: the paper's MLP and a logistic-regression baseline. */
    public static final List<String> KINDS = List.of("mlp", "logistic");

    private RatingModels() {
    }

    /**
     * @param kind        "mlp" or "logistic" (case-insensitive)
     * @param hiddenUnits the MLP's hidden width (ignored by "logistic")
     */
    public static RatingModel create(String kind, int hiddenUnits) {
        String k = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "mlp" -> new MlpRatingModel(hiddenUnits);
            case "logistic" -> new LogisticRatingModel();
            default -> throw new IllegalArgumentException("unknown rating model '" + kind + "'; known kinds: "
                    + String.join(", ", KINDS));
        };
    }
}
