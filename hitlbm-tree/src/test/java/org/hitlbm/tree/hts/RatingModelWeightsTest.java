package org.hitlbm.tree.hts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A fitted rating model's weights restore into a fresh one that scores exactly as the fitted one. */
class RatingModelWeightsTest {
    private static float[][] x;
    private static int[] y;

    static {
        Random random = new Random(3);
        x = new float[300][12];
        y = new int[300];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 12; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            y[i] = x[i][0] + 0.5 * x[i][3] + 0.3 * random.nextGaussian() > 0 ? 1 : 0;
        }
    }

    private static void roundTrip(RatingModel fitted, RatingModel fresh) {
        fitted.fit(x, y, 7);
        fresh.restore(fitted.weights());
        assertArrayEquals(fitted.score(x), fresh.score(x), 0.0, "bit for bit");
        assertThrows(IllegalArgumentException.class, () -> fresh.restore(new byte[] {1, 2, 3}));
    }

    @Test
    void theMlpScoresAsFittedAfterARestore() {
        MlpRatingModel fitted = new MlpRatingModel(16);
        MlpRatingModel fresh = new MlpRatingModel(16);
        try {
            roundTrip(fitted, fresh);
            fitted.fit(x, y, 7);
            assertThrows(IllegalArgumentException.class, () -> new MlpRatingModel(8).restore(fitted.weights()),
                    "weights of another width are refused");
        } finally {
            fitted.close();
            fresh.close();
        }
    }

    @Test
    void theLogisticModelScoresAsFittedAfterARestore() {
        roundTrip(new LogisticRatingModel(), new LogisticRatingModel());
    }
}
