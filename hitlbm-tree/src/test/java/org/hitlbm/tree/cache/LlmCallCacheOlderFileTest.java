package org.hitlbm.tree.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache file written before the output guards has no yes_no_mass: its Yes answers read with an unknown mass, not 0. */
class LlmCallCacheOlderFileTest {
    @TempDir
    Path dir;

    @Test
    void aYesAnswerWithoutARecordedMassReadsAsUnknownMass() throws Exception {
        Path file = dir.resolve("llm.sqlite");
        String key = LlmCallCache.key("openai", "m", "yes", "p", 1, 0.0, 1);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE llm_calls (key TEXT PRIMARY KEY, backend TEXT NOT NULL, model TEXT NOT NULL, kind TEXT NOT NULL,
                      prompt TEXT NOT NULL, seed INTEGER, temperature REAL, max_tokens INTEGER, response TEXT, yes_probability REAL,
                      prompt_tokens INTEGER, completion_tokens INTEGER, created TEXT DEFAULT CURRENT_TIMESTAMP)""");
            s.execute("INSERT INTO llm_calls (key, backend, model, kind, prompt, seed, temperature, max_tokens, response,"
                    + " yes_probability, prompt_tokens, completion_tokens) VALUES ('" + key + "', 'openai', 'm', 'yes', 'p', 1, 0.0, 1,"
                    + " 'Yes', 0.8, 9, 1)");
        }
        try (LlmCallCache cache = new LlmCallCache(file)) {
            LlmCallCache.Entry e = cache.get(key).orElseThrow();
            assertEquals(0.8, e.yesProbability(), 1e-12);
            // a mass of 0 would make the output guard (llm.minYesNoMass) throw every older Yes answer away
            assertTrue(Double.isNaN(e.yesNoMass()), "unknown, not " + e.yesNoMass());
        }
    }
}
