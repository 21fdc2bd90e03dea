package org.hitlbm.data.io;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A PostgreSQL database that processes on many machines share ({@code paths.store}): the LLM call
 * cache, the vector cache and the tree store each keep their tables there, with the keys and
 * first-writer-wins rows of their embedded (SQLite or file) form.
 */
public final class ServerStore {
    private ServerStore() {
    }

    /** True for a {@code jdbc:postgresql:} URL. */
    public static boolean isServerUrl(String url) {
        return url != null && url.strip().startsWith("jdbc:postgresql:");
    }

    /** The URL without its parameters, so messages name the database and never a password in the URL. */
    public static String location(String jdbcUrl) {
        return jdbcUrl.replaceAll("\\?.*", "");
    }

    /**
     * Connects (autocommit on) and runs the tables' DDL in one transaction under an advisory lock:
     * {@code CREATE TABLE IF NOT EXISTS} races between sessions in PostgreSQL.
     *
     * @param password null to take it from the URL or the server's trust rules
     * @param what what the tables hold, for the message of a failure ("the LLM cache")
     * @throws IllegalArgumentException the URL is not a PostgreSQL one
     * @throws StorageException the server cannot be reached or refuses
     */
    public static Connection connect(String jdbcUrl, String password, String what, String... ddl) {
        if (!isServerUrl(jdbcUrl)) {
            throw new IllegalArgumentException("paths.store: '" + jdbcUrl + "' is not a jdbc:postgresql:// URL");
        }
        Properties properties = new Properties();
        if (password != null) {
            properties.setProperty("password", password);
        }
        try {
            Connection connection = DriverManager.getConnection(jdbcUrl.strip(), properties);
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(7365521)");
                for (String statement : ddl) {
                    s.execute(statement);
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            return connection;
        } catch (SQLException e) {
            throw failure(jdbcUrl, "cannot open " + what, e);
        }
    }

    /** One line naming the database (no credentials) and the server's first line. */
    public static StorageException failure(String jdbcUrl, String what, SQLException e) {
        return new StorageException(location(jdbcUrl), what + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }
}
