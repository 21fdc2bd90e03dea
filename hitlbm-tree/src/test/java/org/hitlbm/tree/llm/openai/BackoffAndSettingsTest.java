package org.hitlbm.tree.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffAndSettingsTest {
    @Test
    void defaultBackoffDoublesFromHalfASecondUpToItsCap() {
        long[] expectedMillis = {500, 1000, 2000, 4000, 8000, 8000};
        for (int retry = 1; retry <= expectedMillis.length; retry++) {
            assertEquals(expectedMillis[retry - 1], Backoff.DEFAULT.beforeRetry(retry).toMillis(), "retry " + retry);
        }
        assertEquals(Duration.ofSeconds(8), Backoff.DEFAULT.beforeRetry(1_000));
    }

    @Test
    void nullApiKeyBecomesNone() {
        OpenAiSettings settings = new OpenAiSettings("http://127.0.0.1:1/v1", "m", null, 1, Duration.ofSeconds(1), 0);
        assertEquals("none", settings.apiKey());
    }

    @Test
    void badSettingsAreRejectedNamingTheUrl() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OpenAiSettings("http://127.0.0.1:1/v1", "m", null, 0, Duration.ofSeconds(1), 0));
        assertTrue(e.getMessage().contains("http://127.0.0.1:1/v1") && e.getMessage().contains("maxConcurrency"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new OpenAiSettings("127.0.0.1:1", "m", null, 1, Duration.ofSeconds(1), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new OpenAiSettings("http://127.0.0.1:1/v1", " ", null, 1, Duration.ofSeconds(1), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new OpenAiSettings("http://127.0.0.1:1/v1", "m", null, 1, Duration.ZERO, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new OpenAiSettings("http://127.0.0.1:1/v1", "m", null, 1, Duration.ofSeconds(1), -1));
    }
}
