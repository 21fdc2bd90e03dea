package org.hitlbm.data.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ParallelTasksTest {
    /** The caller's own exception type, as the LLM layer's LlmException. */
    static final class CallerException extends RuntimeException {
        CallerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ParallelTasks.Failures FAILURES =
            new ParallelTasks.Failures("waiting interrupted", "test workers", CallerException::new);

    @Test
    void resultsComeInSubmissionOrderWhateverOrderTheyFinishIn() {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            tasks.add(() -> {
                Thread.sleep(5L * (8 - n)); // the last submitted finish first
                return n * n;
            });
        }
        assertEquals(List.of(0, 1, 4, 9, 16, 25, 36, 49), ParallelTasks.inOrder(4, tasks, FAILURES));
        assertEquals(List.of(), ParallelTasks.inOrder(0, List.<Callable<Integer>>of(), FAILURES), "no tasks, and threads < 1 means one");
    }

    @Test
    void theFirstFailureInOrderIsRethrownAsItselfAndTheOtherWorkersAreStopped() {
        IllegalArgumentException own = new IllegalArgumentException("bad item 3");
        CountDownLatch slowStarted = new CountDownLatch(1);
        AtomicBoolean slowInterrupted = new AtomicBoolean();
        AtomicBoolean slowFinished = new AtomicBoolean();
        List<Callable<String>> tasks = List.of(
                () -> {
                    slowStarted.await();
                    throw own;
                },
                () -> {
                    slowStarted.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        slowInterrupted.set(true);
                    }
                    slowFinished.set(true);
                    return "slow";
                },
                () -> {
                    throw new IllegalStateException("a later failure is not the one reported");
                });
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> ParallelTasks.inOrder(3, tasks, FAILURES));
        assertSame(own, thrown);
        assertTrue(slowInterrupted.get(), "the slow worker was interrupted");
        assertTrue(slowFinished.get(), "no worker is still running when the call returns");
    }

    @Test
    void anErrorOrCheckedExceptionComesWrappedInTheCallersException() {
        IOException checked = new IOException("disk gone");
        CallerException thrown = assertThrows(CallerException.class,
                () -> ParallelTasks.inOrder(2, List.<Callable<String>>of(() -> "ok", () -> {
                    throw checked;
                }), FAILURES));
        assertEquals("disk gone", thrown.getMessage());
        assertSame(checked, thrown.getCause());
        AssertionError error = new AssertionError("broken invariant");
        CallerException wrapped = assertThrows(CallerException.class,
                () -> ParallelTasks.inOrder(1, List.<Callable<String>>of(() -> {
                    throw error;
                }), FAILURES));
        assertSame(error, wrapped.getCause());
    }

    @Test
    void anInterruptedCallerGetsTheCallersExceptionAndKeepsTheInterrupt() {
        CountDownLatch release = new CountDownLatch(1);
        Thread.currentThread().interrupt();
        try {
            CallerException thrown = assertThrows(CallerException.class,
                    () -> ParallelTasks.inOrder(1, List.<Callable<String>>of(() -> {
                        release.await(1, TimeUnit.MINUTES);
                        return "late";
                    }), FAILURES));
            assertEquals("waiting interrupted", thrown.getMessage());
            assertTrue(thrown.getCause() instanceof InterruptedException);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
            release.countDown();
        }
    }

    @Test
    void workersThatIgnoreTheStopAreReportedInTheCallersTerms() {
        CountDownLatch release = new CountDownLatch(1);
        RuntimeException first = new RuntimeException("first task failed");
        List<Callable<String>> tasks = List.of(() -> {
            throw first;
        }, () -> {
            while (release.getCount() > 0) { // deaf to interrupts until released
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // keep waiting
                }
            }
            return "done";
        });
        try {
            CallerException thrown = assertThrows(CallerException.class,
                    () -> ParallelTasks.inOrder(2, tasks, FAILURES, Duration.ofMillis(200)));
            assertEquals("test workers did not stop within 200 ms", thrown.getMessage());
        } finally {
            release.countDown();
        }
    }

    @Test
    void theDefaultStopTimeoutReadsAsBefore() {
        assertEquals(Duration.ofMinutes(5), ParallelTasks.STOP_TIMEOUT);
    }
}
