package org.hitlbm.tree.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.hitlbm.data.io.StorageException;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, items 11 and 16: claims hold across threads and processes, die with their process, and a damaged file is one line. */
class LlmCallCacheClaimTest {
    @TempDir
    Path dir;

    /** A slow backend that counts what it is asked, by prompt. */
    static final class CountingLlm implements LlmClient {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Override
        public String backend() {
            return "offline";
        }

        @Override
        public String model() {
            return "counting";
        }

        private void think(String prompt) {
            calls.computeIfAbsent(prompt, p -> new AtomicInteger()).incrementAndGet();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Generation generate(String prompt, long seed, double temperature, int maxTokens) {
            think(prompt);
            return new Generation("answer to " + prompt, 3, 4);
        }

        @Override
        public double yesProbability(String prompt) {
            think(prompt);
            return 0.25;
        }
    }

    /** Every worker asks every prompt in the same order, so they meet on each; returns what each was answered. */
    private static List<String> ask(List<CachedLlmClient> workers, int prompts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        try {
            List<Callable<String>> jobs = new ArrayList<>();
            for (CachedLlmClient worker : workers) {
                jobs.add(() -> {
                    StringBuilder answers = new StringBuilder();
                    for (int i = 0; i < prompts; i++) {
                        answers.append(worker.generate("prompt " + i, 1, 0.7, 64).text()).append('|');
                        answers.append(worker.yesProbability("yes? " + i)).append('|');
                    }
                    return answers.toString();
                });
            }
            List<String> out = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(jobs)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertEachOnce(CountingLlm llm, int prompts) {
        assertEquals(2 * prompts, llm.calls.size());
        llm.calls.forEach((prompt, n) -> assertEquals(1, n.get(), "'" + prompt + "' was asked " + n + " times"));
    }

    @Test
    @Timeout(60)
    void twoProcessesThroughTheClientAskEachCallOnce() throws Exception {
        Path file = dir.resolve("llm.sqlite");
        CountingLlm llm = new CountingLlm(); // one counter for both "processes": the bill
        try (LlmCallCache a = new LlmCallCache(file); LlmCallCache b = new LlmCallCache(file)) {
            List<String> answers = ask(List.of(new CachedLlmClient(llm, a), new CachedLlmClient(llm, b)), 25);
            assertEquals(answers.get(0), answers.get(1), "both got the same answers");
        }
        assertEachOnce(llm, 25);
    }

    @Test
    @Timeout(60)
    void threadsOfOneProcessSharingOneCacheAskEachCallOnce() throws Exception {
        Path file = dir.resolve("llm.sqlite");
        CountingLlm llm = new CountingLlm();
        try (LlmCallCache cache = new LlmCallCache(file)) {
            CachedLlmClient client = new CachedLlmClient(llm, cache); // as CubeCascade's llm.concurrency threads share it
            ask(List.of(client, client, client, client), 20);
        }
        assertEachOnce(llm, 20);
    }

    @Test
    @Timeout(30)
    void theClaimOfAKilledProcessIsTakenOverAtOnceNotAfterItsLease() throws Exception {
        Path file = dir.resolve("llm.sqlite");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String key = LlmCallCache.key("offline", "m", "generate", "p", 1, 0.7, 64);
        try (LlmCallCache cache = new LlmCallCache(file);
             Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement q = c.prepareStatement("INSERT INTO llm_claims (key, owner, expires) VALUES (?, ?, ?)")) {
            q.setString(1, key);
            q.setString(2, LlmCallCache.ownerOf(gone.pid(), gone.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L), "x", 1));
            q.setLong(3, System.currentTimeMillis() + 3_600_000);
            q.executeUpdate();
            long start = System.nanoTime();
            assertTrue(cache.getOrClaim(key).isEmpty(), "this worker makes the call");
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "without waiting out the hour-long lease");
        }
    }

    @Test
    void aTruncatedLlmCacheIsOneStorageErrorSayingDeletingItLosesOnlyCachedAnswers() throws Exception {
        Path file = dir.resolve("llm.sqlite");
        List<String> keys = new ArrayList<>();
        try (LlmCallCache cache = new LlmCallCache(file)) {
            for (int i = 0; i < 1500; i++) {
                String prompt = "a prompt long enough to fill pages, number " + i + " ".repeat(200);
                keys.add(LlmCallCache.key("offline", "m", "generate", prompt, 1, 0.7, 64));
                cache.put(keys.get(i), "offline", "m", "generate", prompt, 1, 0.7, 64, new LlmCallCache.Entry("r" + i, Double.NaN, 1, 1));
            }
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        StorageException e = assertThrows(StorageException.class, () -> {
            try (LlmCallCache cache = new LlmCallCache(file)) {
                for (String key : keys) {
                    cache.get(key);
                }
                cache.size();
            }
        });
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("loses only cached"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
