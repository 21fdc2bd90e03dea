package org.hitlbm.tree.cache;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Every LLM generation and Yes-probability, stored in one SQLite file (WAL mode) under a key of
 * backend, model, call kind, prompt, seed, temperature and token limit. Each call is one
 * autocommitted row, so a kill at any moment leaves either the whole record or none, and several
 * processes may share the file. Researchers can open it with any SQLite client:
 * {@code SELECT prompt, response FROM llm_calls WHERE kind = 'generate' LIMIT 5}.
 */
public final class LlmCallCache implements AutoCloseable {
    /** A cached answer: the text (generate) or the probability (yes), with token counts. */
    public record Entry(String response, double yesProbability, int promptTokens, int completionTokens) {
    }

    private final Path file;
    private final Connection connection;

    public LlmCallCache(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=30000");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS llm_calls (
                          key TEXT PRIMARY KEY,
                          backend TEXT NOT NULL, model TEXT NOT NULL, kind TEXT NOT NULL,
                          prompt TEXT NOT NULL, seed INTEGER, temperature REAL, max_tokens INTEGER,
                          response TEXT, yes_probability REAL,
                          prompt_tokens INTEGER, completion_tokens INTEGER,
                          created TEXT DEFAULT CURRENT_TIMESTAMP)""");
            }
        } catch (java.io.IOException | SQLException e) {
            throw new IllegalStateException("cannot open the LLM cache " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public static String key(String backend, String model, String kind, String prompt, long seed, double temperature, int maxTokens) {
        String description = String.join("\u0000", backend, model, kind, prompt, Long.toString(seed),
                Double.toString(temperature), Integer.toString(maxTokens));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(description.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized Optional<Entry> get(String key) {
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT response, yes_probability, prompt_tokens, completion_tokens FROM llm_calls WHERE key = ?")) {
            q.setString(1, key);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Entry(r.getString(1), r.getDouble(2), r.getInt(3), r.getInt(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("LLM cache " + file + " read failed: " + e.getMessage(), e);
        }
    }

    /** First writer wins: a concurrent process that computed the same call keeps its row. */
    public synchronized void put(String key, String backend, String model, String kind, String prompt, long seed, double temperature,
                                 int maxTokens, Entry entry) {
        try (PreparedStatement q = connection.prepareStatement("""
                INSERT OR IGNORE INTO llm_calls (key, backend, model, kind, prompt, seed, temperature, max_tokens,
                  response, yes_probability, prompt_tokens, completion_tokens) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""")) {
            q.setString(1, key);
            q.setString(2, backend);
            q.setString(3, model);
            q.setString(4, kind);
            q.setString(5, prompt);
            q.setLong(6, seed);
            q.setDouble(7, temperature);
            q.setInt(8, maxTokens);
            q.setString(9, entry.response());
            q.setDouble(10, entry.yesProbability());
            q.setInt(11, entry.promptTokens());
            q.setInt(12, entry.completionTokens());
            q.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("LLM cache " + file + " write failed: " + e.getMessage(), e);
        }
    }

    public synchronized long size() {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM llm_calls")) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
