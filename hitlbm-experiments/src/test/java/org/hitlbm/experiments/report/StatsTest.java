package org.hitlbm.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void pairedTTestMatchesAHandComputation() {
        // differences 0.5, 0.2, 0.9, 0.1: mean 0.425, sd 0.3594, t = 2.3651 on 3 df; p by numeric integration of the t density
        Stats.PairedTest test = Stats.paired(new double[] {1, 2, 3, 4}, new double[] {0.5, 1.8, 2.1, 3.9});
        assertEquals(4, test.pairs());
        assertEquals(0.425, test.meanDifference(), 1e-12);
        assertEquals(2.36507, test.t(), 1e-4);
        assertEquals(0.09894, test.p(), 1e-4);
        assertFalse(test.significant());
    }

    @Test
    void theTestIsPairedNotTwoIndependentSamples() {
        // wide spread between seeds, but every seed gains about 0.01: paired it is clear, unpaired it would not be
        double[] base = {0.70, 0.75, 0.80};
        double[] ours = {0.711, 0.759, 0.810};
        Stats.PairedTest test = Stats.paired(ours, base);
        assertTrue(test.significant(), "p = " + test.p());
        assertTrue(test.t() > 0);
        assertEquals(-test.t(), Stats.paired(base, ours).t(), 1e-9, "antisymmetric");
    }

    @Test
    void edgeCasesNeverPretendToKnow() {
        assertTrue(Double.isNaN(Stats.paired(new double[] {0.7}, new double[] {0.6}).p()), "one seed: no test");
        assertEquals(1.0, Stats.paired(new double[] {0.7, 0.8}, new double[] {0.7, 0.8}).p(), "identical runs: no difference");
        assertEquals(0.0, Stats.paired(new double[] {0.71, 0.81}, new double[] {0.70, 0.80}).p(), 1e-12, "a constant gain");
        assertTrue(Double.isNaN(Stats.std(new double[] {0.7})));
        assertEquals(0.1, Stats.std(new double[] {0.6, 0.7, 0.8}), 1e-12);
    }
}
