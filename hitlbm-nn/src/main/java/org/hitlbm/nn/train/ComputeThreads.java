package org.hitlbm.nn.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many threads PyTorch's intra-op pool (OpenMP) gives the training thread, chosen before every
 * epoch. A fixed count is applied as asked. Auto (0) takes the cores other processes leave idle,
 * measured from {@code /proc/stat} minus this process's own CPU time over the last epoch (over
 * 100 ms before the first), never more than {@code OMP_NUM_THREADS} when that is set, at least 1.
 *
 * <p>Why: OpenMP threads spin while they wait for each other; with a busy neighbour on the same
 * cores every parallel op waits for a descheduled thread, and a 2-thread epoch ran 4-5x slower
 * than alone, where one thread lost 1.3-1.9x (measured with {@code bench backbones --contention}).
 * Thread counts change results only in the last bits of float sums.
 */
public final class ComputeThreads {
    /** The setting's value for automatic choice. */
    public static final int AUTO = 0;
    private static final long TICKS_PER_SECOND = 100; // USER_HZ of /proc/stat on Linux
    private static final long FIRST_SAMPLE_MILLIS = 100;

    private final int requested;
    private final int cap;
    private Snapshot last;

    /** @param requested threads to use, or {@link #AUTO} */
    public ComputeThreads(int requested) {
        if (requested < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = auto), got " + requested);
        }
        this.requested = requested;
        this.cap = ompLimit(System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors());
    }

    /** Chooses the count for the next epoch and applies it to the calling thread; returns it. */
    public int beforeEpoch() {
        Engine.getEngine("PyTorch"); // loads the natives JniUtils calls into
        int threads = requested != AUTO ? requested : chooseAuto();
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
        return threads;
    }

    private int chooseAuto() {
        if (cap <= 1) {
            return 1;
        }
        Snapshot now = Snapshot.take();
        if (now == null) {
            return cap; // no /proc/stat: nothing to go by
        }
        if (last == null) {
            try {
                Thread.sleep(FIRST_SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
            last = now;
            now = Snapshot.take();
        }
        double othersBusy = now.othersBusyCoresSince(last);
        last = now;
        return forIdleCores(Runtime.getRuntime().availableProcessors(), cap, othersBusy);
    }

    /**
     * The cores others leave idle, rounded down unless nearly whole (a neighbour at 0.8 of a core
     * is a busy core), within [1, cap].
     */
    static int forIdleCores(int cores, int cap, double othersBusyCores) {
        return Math.max(1, Math.min(cap, (int) Math.floor(cores - othersBusyCores + 0.25)));
    }

    /** {@code OMP_NUM_THREADS} as an upper bound when set to a positive number. */
    static int ompLimit(String env, int cores) {
        try {
            int n = env == null ? 0 : Integer.parseInt(env.trim());
            return n > 0 ? Math.min(n, cores) : cores;
        } catch (NumberFormatException e) {
            return cores;
        }
    }

    /** Machine-wide busy CPU time, this process's CPU time and the wall clock, at one moment. */
    private record Snapshot(long busyTicks, long ownNanos, long wallNanos) {
        static Snapshot take() {
            try {
                String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0); // "cpu  user nice system idle iowait irq softirq steal ..."
                String[] f = cpu.trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    if (i != 4 && i != 5) { // idle and iowait are not busy
                        busy += Long.parseLong(f[i]);
                    }
                }
                long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
                return new Snapshot(busy, own, System.nanoTime());
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        double othersBusyCoresSince(Snapshot earlier) {
            double wall = (wallNanos - earlier.wallNanos) / 1e9;
            if (wall <= 0) {
                return 0;
            }
            double machine = (double) (busyTicks - earlier.busyTicks) / TICKS_PER_SECOND;
            double own = (ownNanos - earlier.ownNanos) / 1e9;
            return Math.max(0, (machine - own) / wall);
        }
    }
}
