package org.hitlbm.tree.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.hitlbm.data.io.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, items 11 and 16: a shared LLM cache never pays twice for one call, and a damaged one says what to do. */
class LlmCallCacheSafetyTest {
    @TempDir
    Path dir;

    private static LlmCallCache.Entry answer(String key) {
        return new LlmCallCache.Entry("answer to " + key, Double.NaN, 10, 5);
    }

    /** What a CachedLlmClient does per call: look up or claim, call (slowly), store. */
    private static void work(LlmCallCache cache, List<String> keys, Map<String, AtomicInteger> calls) {
        for (String key : keys) {
            if (cache.getOrClaim(key).isEmpty()) {
                calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                try {
                    Thread.sleep(15); // the LLM thinking
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                cache.put(key, "offline", "m", "generate", key, 1, 0.7, 64, answer(key));
            }
        }
    }

    @Test
    void twoWorkersSharingTheFileMakeEachCallOnce() throws Exception {
        Path file = dir.resolve("llm.sqlite");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add(LlmCallCache.key("offline", "m", "generate", "prompt " + i, 1, 0.7, 64));
        }
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        // two connections on one file, as two processes have; the same order, so they meet on every key
        try (LlmCallCache a = new LlmCallCache(file); LlmCallCache b = new LlmCallCache(file)) {
            Thread first = new Thread(() -> work(a, keys, calls));
            Thread second = new Thread(() -> work(b, keys, calls));
            first.start();
            second.start();
            first.join();
            second.join();
            assertEquals(40, a.size());
            for (String key : keys) {
                assertEquals("answer to " + key, b.get(key).orElseThrow().response());
            }
        }
        assertEquals(40, calls.size());
        calls.forEach((key, count) -> assertEquals(1, count.get(), "call " + key + " was made " + count + " times"));
    }

    @Test
    void aClaimOfAWorkerThatDiedIsTakenOverWhenItsLeaseEnds() {
        Path file = dir.resolve("llm.sqlite");
        String key = LlmCallCache.key("offline", "m", "generate", "p", 1, 0.7, 64);
        try (LlmCallCache dead = new LlmCallCache(file, 300); LlmCallCache alive = new LlmCallCache(file, 300)) {
            assertTrue(dead.getOrClaim(key).isEmpty(), "the first worker claims the call, then is killed before answering");
            long start = System.nanoTime();
            assertTrue(alive.getOrClaim(key).isEmpty(), "the second worker gets the claim once the lease ran out");
            assertTrue(System.nanoTime() - start >= 200_000_000L, "it waited for the lease");
        }
    }

    @Test
    void aDamagedCacheFileIsOneStorageErrorSayingDeletingItLosesOnlyCachedCalls() throws Exception {
        Path file = dir.resolve("llm.sqlite");
        byte[] junk = new byte[8192];
        new Random(1).nextBytes(junk);
        Files.write(file, junk);
        StorageException e = assertThrows(StorageException.class, () -> new LlmCallCache(file).close());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("loses only cached"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
