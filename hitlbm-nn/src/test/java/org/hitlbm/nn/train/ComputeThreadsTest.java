package org.hitlbm.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Training threads: fixed counts reach the engine; auto follows the idle cores within OMP_NUM_THREADS. */
class ComputeThreadsTest {
    @Test
    void aFixedCountIsAppliedToTheEngineForTheCallingThread() {
        Engine.getEngine("PyTorch");
        int before = JniUtils.getNumThreads();
        try {
            assertEquals(3, new ComputeThreads(3).beforeEpoch());
            assertEquals(3, JniUtils.getNumThreads());
            assertEquals(1, new ComputeThreads(1).beforeEpoch());
            assertEquals(1, JniUtils.getNumThreads());
        } finally {
            JniUtils.setNumThreads(before);
        }
    }

    @Test
    void autoTakesTheCoresOthersLeaveIdleBetweenOneAndTheCap() {
        assertEquals(2, ComputeThreads.forIdleCores(2, 2, 0.05)); // alone
        assertEquals(1, ComputeThreads.forIdleCores(2, 2, 1.0)); // one busy neighbour
        assertEquals(1, ComputeThreads.forIdleCores(2, 2, 0.8)); // most of a core is a busy core
        assertEquals(1, ComputeThreads.forIdleCores(2, 2, 3.5)); // overloaded: still one
        assertEquals(6, ComputeThreads.forIdleCores(8, 8, 2.1));
        assertEquals(4, ComputeThreads.forIdleCores(8, 4, 0)); // capped
    }

    @Test
    void ompNumThreadsCapsAutoWhenItIsAPositiveNumber() {
        assertEquals(1, ComputeThreads.ompLimit("1", 8));
        assertEquals(8, ComputeThreads.ompLimit("16", 8));
        assertEquals(8, ComputeThreads.ompLimit(null, 8));
        assertEquals(8, ComputeThreads.ompLimit("0", 8));
        assertEquals(8, ComputeThreads.ompLimit("two", 8));
    }

    @Test
    void autoUnderOneOmpThreadIsOne() {
        // surefire runs tests with OMP_NUM_THREADS=1 (pom.xml)
        Assumptions.assumeTrue("1".equals(System.getenv("OMP_NUM_THREADS")));
        assertEquals(1, new ComputeThreads(ComputeThreads.AUTO).beforeEpoch());
        assertEquals(1, JniUtils.getNumThreads());
    }

    @Test
    void negativeCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ComputeThreads(-1));
    }
}
