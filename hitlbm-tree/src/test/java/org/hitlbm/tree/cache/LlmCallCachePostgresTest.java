package org.hitlbm.tree.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hitlbm.data.io.StorageException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code paths.store}: the call cache in a real PostgreSQL server (CI starts one and sets
 * HITLBM_TEST_POSTGRES to its JDBC URL; with HITLBM_REQUIRE_POSTGRES=1 a missing server fails
 * instead of skipping). Each test gets a database of its own.
 */
class LlmCallCachePostgresTest {
    private String url;

    static String freshDatabase() throws SQLException {
        return org.hitlbm.data.io.TestPostgres.freshDatabase();
    }

    @BeforeEach
    void database() throws SQLException {
        url = freshDatabase();
    }

    @Test
    void answersRoundTripExactlyAndTheFirstWriterWins() {
        try (LlmCallCache cache = LlmCallCache.onServer(url, null)) {
            String key = LlmCallCache.key("openai", "m", "yes", "prompt", 1L << 40, 0.0, 1);
            assertEquals(Optional.empty(), cache.get(key));
            double p = 0.123456789012345678;
            cache.put(key, "openai", "m", "yes", "prompt", 1L << 40, 0.0, 1, new LlmCallCache.Entry("Yes", p, 0.875, 9, 1));
            cache.put(key, "openai", "m", "yes", "prompt", 1L << 40, 0.0, 1, new LlmCallCache.Entry("No", 0.9, 0.5, 9, 1));
            LlmCallCache.Entry e = cache.get(key).orElseThrow();
            assertEquals("Yes", e.response());
            assertEquals(p, e.yesProbability(), 0.0, "double precision, not float");
            assertEquals(0.875, e.yesNoMass(), 0.0);
            String noMass = LlmCallCache.key("openai", "m", "generate", "q", 2, 0.5, 64);
            cache.put(noMass, "openai", "m", "generate", "q", 2, 0.5, 64, new LlmCallCache.Entry("text", Double.NaN, 12, 30));
            assertTrue(Double.isNaN(cache.get(noMass).orElseThrow().yesNoMass()));
            assertEquals(2, cache.size());
            LlmCallCache.TokenStatistics stats = cache.tokenStatistics("openai", "m");
            assertEquals(1, stats.generations());
            assertEquals(30.0, stats.meanCompletionTokens(), 1e-9);
        }
        try (LlmCallCache again = LlmCallCache.onServer(url, null)) {
            assertEquals(2, again.size(), "a second process sees the rows");
        }
    }

    /** Two connections stand for two machines: the second waits for the first one's answer instead of paying for it. */
    @Test
    void aClaimOnOneMachineMakesTheOtherWaitForItsAnswer() throws Exception {
        String key = LlmCallCache.key("openai", "m", "generate", "shared", 1, 0.5, 64);
        try (LlmCallCache first = LlmCallCache.onServer(url, null); LlmCallCache second = LlmCallCache.onServer(url, null)) {
            assertEquals(Optional.empty(), first.getOrClaim(key), "claimed");
            CompletableFuture<Optional<LlmCallCache.Entry>> waiting = CompletableFuture.supplyAsync(() -> second.getOrClaim(key));
            Thread.sleep(400);
            assertFalse(waiting.isDone(), "the other machine waits while the claim holds");
            first.put(key, "openai", "m", "generate", "shared", 1, 0.5, 64, new LlmCallCache.Entry("answer", Double.NaN, 5, 7));
            assertEquals("answer", waiting.get(10, TimeUnit.SECONDS).orElseThrow().response());
            assertEquals(1, first.size());
        }
    }

    @Test
    void aWrongOrUnreachableStoreIsOneLineWithoutTheCredentials() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> LlmCallCache.onServer("jdbc:mysql://h/db", null));
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String unreachable = "jdbc:postgresql://127.0.0.1:" + port + "/x?user=u&password=secret&connectTimeout=2";
        StorageException e = assertThrows(StorageException.class, () -> LlmCallCache.onServer(unreachable, null));
        assertTrue(e.getMessage().startsWith("jdbc:postgresql://127.0.0.1:" + port + "/x: cannot open the LLM cache"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
