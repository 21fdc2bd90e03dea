package org.hitlbm.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndRemembersTheBest() {
        EarlyStopping s = new EarlyStopping(2);
        assertTrue(s.observe(1, 0.70));
        assertTrue(s.observe(2, 0.72));
        assertFalse(s.observe(3, 0.71));
        assertFalse(s.shouldStop(3));
        assertFalse(s.observe(4, 0.72), "equal is not better");
        assertTrue(s.shouldStop(4));
        assertEquals(2, s.bestEpoch());
        assertEquals(0.72, s.bestAuc());
    }
}
