package org.hitlbm.data.concurrent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Independent tasks on a fixed pool of threads, joined in the order given. A task's own
 * RuntimeException reaches the caller as itself (the first, in that order, of those that failed),
 * and the pool is always stopped before the call returns or throws, so no worker is still
 * writing (e.g. to a cache) once the caller moves on.
 */
public final class ParallelTasks {
    /** How long stopped workers get to finish before the call gives up on them. */
    public static final Duration STOP_TIMEOUT = Duration.ofMinutes(5);

    private ParallelTasks() {
    }

    /**
     * The exceptions for failures that are not a task's own RuntimeException, in the caller's
     * terms (e.g. an LLM layer's own exception type).
     *
     * @param interrupted message when the calling thread is interrupted while waiting
     * @param workers     what the threads are, for the message when they outlive the stop timeout
     *                    ("LLM workers" gives "LLM workers did not stop within 5 minutes")
     * @param exception   builds the exception from a message and a cause (null when there is none);
     *                    a task that fails with an Error or a checked exception gives its message
     *                    and itself as the cause
     */
    public record Failures(String interrupted, String workers, BiFunction<String, Throwable, RuntimeException> exception) {
    }

    /**
     * Runs {@code tasks} on {@code threads} threads (at least one).
     *
     * @return each task's result, in the order of {@code tasks}
     */
    public static <T> List<T> inOrder(int threads, List<? extends Callable<? extends T>> tasks, Failures failures) {
        return inOrder(threads, tasks, failures, STOP_TIMEOUT);
    }

    static <T> List<T> inOrder(int threads, List<? extends Callable<? extends T>> tasks, Failures failures, Duration stopTimeout) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<? extends T>> futures = new ArrayList<>(tasks.size());
            for (Callable<? extends T> task : tasks) {
                futures.add(pool.submit(task));
            }
            List<T> out = new ArrayList<>(futures.size());
            for (Future<? extends T> f : futures) {
                out.add(join(f, failures));
            }
            return Collections.unmodifiableList(out);
        } finally {
            stop(pool, failures, stopTimeout);
        }
    }

    private static <T> T join(Future<T> f, Failures failures) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.exception().apply(failures.interrupted(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw failures.exception().apply(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Interrupts the workers and waits for them; an interrupt while waiting is kept for the caller. */
    private static void stop(ExecutorService pool, Failures failures, Duration timeout) {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw failures.exception().apply(failures.workers() + " did not stop within " + describe(timeout), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Duration d) {
        return d.toSeconds() % 60 == 0 && d.toNanosPart() == 0 && d.toMinutes() > 0 ? d.toMinutes() + " minutes" : d.toMillis() + " ms";
    }
}
