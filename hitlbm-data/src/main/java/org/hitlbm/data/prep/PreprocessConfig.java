package org.hitlbm.data.prep;

import java.io.Serializable;

/**
 * Filtering, labelling and splitting settings (SPEC, Data).
 *
 * @param minUserInteractions users with fewer ratings are dropped (paper: 50)
 * @param minItemInteractions items with fewer ratings are dropped first (authors' Amazon code: 40; 0 = off)
 * @param positiveAbove       a behavior is positive when its rating is strictly above this
 *                            (MovieLens: 3, Amazon: 4 i.e. only 5 stars)
 * @param splitMode           global timestamp (paper) or per-user time (authors' code)
 * @param testFraction        share of the time line held out for test (paper: 0.1)
 * @param validationFraction  share of the training period, at its end, held out for early
 *                            stopping and model choice (never the test set)
 */
public record PreprocessConfig(int minUserInteractions, int minItemInteractions, double positiveAbove,
                               SplitMode splitMode, double testFraction, double validationFraction)
        implements Serializable {
    public PreprocessConfig {
        if (minUserInteractions < 0 || minItemInteractions < 0) {
            throw new IllegalArgumentException("minimum interaction counts must be >= 0");
        }
        if (!(testFraction > 0 && testFraction < 1) || !(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0,1) and validationFraction in [0,1)");
        }
    }

    public static PreprocessConfig movieLensDefaults() {
        return new PreprocessConfig(50, 0, 3, SplitMode.GLOBAL_TIME, 0.1, 0.1);
    }

    public boolean isPositive(float rating) {
        return rating > positiveAbove;
    }
}
