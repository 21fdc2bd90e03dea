package org.hitlbm.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void aucCountsCorrectlyOrderedPairs() {
        // positives 0.8, 0.4; negatives 0.6, 0.2: pairs (0.8>0.6) (0.8>0.2) (0.4<0.6) (0.4>0.2) -> 3/4
        assertEquals(0.75, AUC.of(new int[] {1, 0, 1, 0}, new double[] {0.8, 0.6, 0.4, 0.2}), 1e-12);
    }

    @Test
    void aucCountsATieBetweenClassesAsOneHalf() {
        // positives 0.5, 0.9; negatives 0.5, 0.1: (0.5=0.5 -> 1/2) (0.5>0.1) (0.9>0.5) (0.9>0.1) -> 3.5/4
        assertEquals(0.875, AUC.of(new int[] {1, 0, 1, 0}, new double[] {0.5, 0.5, 0.9, 0.1}), 1e-12);
        assertEquals(0.5, AUC.of(new int[] {1, 0, 1, 0}, new double[] {0.3, 0.3, 0.3, 0.3}), 1e-12);
    }

    @Test
    void aucIsOneForAPerfectRankingAndZeroForAReversedOne() {
        assertEquals(1.0, AUC.of(new int[] {0, 0, 1}, new double[] {0.1, 0.2, 0.3}), 1e-12);
        assertEquals(0.0, AUC.of(new int[] {1, 1, 0}, new double[] {0.1, 0.2, 0.3}), 1e-12);
    }

    @Test
    void aucOfOneClassIsUndefined() {
        assertTrue(Double.isNaN(AUC.of(new int[] {1, 1}, new double[] {0.2, 0.4})));
    }

    @Test
    void logLossIsTheMeanNegativeLogLikelihood() {
        // -(ln 0.8 + ln(1-0.4)) / 2
        double expected = -(Math.log(0.8) + Math.log(0.6)) / 2;
        assertEquals(expected, LogLoss.of(new int[] {1, 0}, new double[] {0.8, 0.4}), 1e-12);
    }

    @Test
    void logLossStaysFiniteAtCertainWrongAnswers() {
        double loss = LogLoss.of(new int[] {1}, new double[] {0.0});
        assertEquals(-Math.log(LogLoss.EPSILON), loss, 1e-9);
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> AUC.of(new int[] {1}, new double[] {0.1, 0.2}));
        assertThrows(IllegalArgumentException.class, () -> LogLoss.of(new int[] {1}, new double[] {0.1, 0.2}));
    }
}
