package org.hitlbm.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Workers that open one new store file at the same moment, as sharded runs do on a new cache
 * directory (for the embedded stores' concurrent-open tests of the other modules).
 */
public final class SimultaneousOpens {
    /** Opens {@code file}, writes what worker {@code worker} writes and reads it back. */
    @FunctionalInterface
    public interface OpenWriteRead {
        boolean readBack(Path file, int worker) throws Exception;
    }

    private SimultaneousOpens() {
    }

    /** Each round a fresh file that {@code workers} threads open together; every one must succeed. */
    public static void assertEveryOpenSucceeds(Path dir, String name, int workers, int rounds, OpenWriteRead task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            for (int round = 0; round < rounds; round++) {
                Path file = dir.resolve(name + "-" + round + ".sqlite");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> opened = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int worker = w;
                    opened.add(pool.submit(() -> {
                        start.await();
                        return task.readBack(file, worker);
                    }));
                }
                start.countDown();
                int ok = 0;
                for (Future<Boolean> f : opened) {
                    ok += f.get() ? 1 : 0; // an open that failed throws here with its storage error
                }
                assertEquals(workers, ok, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
