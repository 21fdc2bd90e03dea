package org.hitlbm.data.io;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sets up a SQLite file (the LLM call cache, the vector cache) that several workers open at the
 * same moment, as sharded runs do on a new cache directory.
 */
public final class EmbeddedStore {
    private static final int SQLITE_BUSY = 5;

    private EmbeddedStore() {
    }

    /** Statements that create or upgrade the tables, run while this connection holds the write lock. */
    @FunctionalInterface
    public interface Schema {
        void create(Statement statement) throws SQLException;
    }

    /**
     * Busy timeout, WAL and {@code synchronous=NORMAL}, then {@code schema} in one
     * {@code BEGIN IMMEDIATE} transaction so two workers never upgrade the same fresh table. The
     * connection must be in autocommit mode; it is closed when this fails.
     *
     * @param busyMillis how long to wait for another worker's lock before giving up
     * @throws SQLException the file is still locked after {@code busyMillis}, or cannot be set up
     */
    public static void prepare(Connection connection, int busyMillis, Schema schema) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA busy_timeout=" + busyMillis);
            switchToWal(s, busyMillis);
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("BEGIN IMMEDIATE"); // waits (busy timeout) for another worker's setup
            try {
                schema.create(s);
                s.execute("COMMIT");
            } catch (SQLException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    // A fresh file's switch to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once
    // there instead of calling its busy handler: wait here instead, up to the same timeout.
    private static void switchToWal(Statement s, int busyMillis) throws SQLException {
        long deadline = System.nanoTime() + busyMillis * 1_000_000L;
        while (true) {
            try {
                s.execute("PRAGMA journal_mode=WAL");
                return;
            } catch (SQLException e) {
                if (!isBusy(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(5, 40));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static boolean isBusy(SQLException e) {
        return (e.getErrorCode() & 0xff) == SQLITE_BUSY
                || (e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY"));
    }
}
