package org.hitlbm.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * Encoder vectors on disk, keyed by (encoder name, SHA-256 of the text), in one SQLite file, or in a PostgreSQL
 * database that processes on many machines share ({@link #onServer}, {@code paths.store}). Several processes may
 * share the file: WAL lets readers run beside a writer, writers queue on the busy timeout. Each {@link #store} is
 * one transaction, so a killed process leaves whole rows or none. Vectors are little-endian float32 BLOBs (BYTEA on
 * the server). One instance may be used from several threads.
 */
public final class VectorCache implements AutoCloseable {
    private static final int BUSY_TIMEOUT_MS = 120_000;
    /** Under SQLite's 32766 bound parameters per statement, so a lookup is one query for any realistic batch. */
    private static final int MAX_KEYS_PER_QUERY = 30_000;

    private final Path file;
    private final String location;
    private final Connection connection;

    private final java.util.function.Consumer<String> warnings;

    private VectorCache(Path file, String location, Connection connection, java.util.function.Consumer<String> warnings) {
        this.file = file;
        this.location = location;
        this.connection = connection;
        this.warnings = warnings;
    }

    /**
     * The cache in a PostgreSQL database: the same keys as the file; a key already there is kept
     * (first writer wins; encoders are deterministic, so a second writer holds the same vector), and
     * a damaged row is deleted when read, so the text is encoded and stored again.
     *
     * @param password null to take it from the URL or the server's trust rules
     */
    public static VectorCache onServer(String jdbcUrl, String password, java.util.function.Consumer<String> warnings) {
        Connection connection = org.hitlbm.data.io.ServerStore.connect(jdbcUrl, password, "the vector cache",
                "CREATE TABLE IF NOT EXISTS vectors (encoder TEXT NOT NULL, sha256 TEXT NOT NULL, "
                        + "text TEXT NOT NULL, dim INTEGER NOT NULL, vector BYTEA NOT NULL, PRIMARY KEY (encoder, sha256))");
        return new VectorCache(null, org.hitlbm.data.io.ServerStore.location(jdbcUrl), connection, warnings);
    }

    /** Opens the file, creating it and its folder if needed. */
    public static VectorCache open(Path file) {
        return open(file, w -> { });
    }

    /** As {@link #open(Path)}; {@code warnings} hears of damaged entries (left out, so they are encoded again). */
    public static VectorCache open(Path file, java.util.function.Consumer<String> warnings) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw org.hitlbm.data.io.StorageException.writing(file, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // take the write lock when a write transaction begins, so two writers queue instead of deadlocking
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            // WAL, synchronous=NORMAL and the table, safe when sharded workers open a new file together
            org.hitlbm.data.io.EmbeddedStore.prepare(connection, BUSY_TIMEOUT_MS, s -> s.executeUpdate(
                    "CREATE TABLE IF NOT EXISTS vectors (encoder TEXT NOT NULL, sha256 TEXT NOT NULL, "
                    + "text TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (encoder, sha256))"));
            return new VectorCache(file, file.toString(), connection, warnings);
        } catch (SQLException e) {
            throw failure(file, "cannot open", e);
        }
    }

    /** The SQLite file, or null when the cache is on a database server. */
    public Path file() {
        return file;
    }

    /** The file, or the server's JDBC URL without its parameters: for messages. */
    public String location() {
        return location;
    }

    private static org.hitlbm.data.io.StorageException failure(Path file, String what, SQLException e) {
        return org.hitlbm.data.io.StorageException.database(file, what + " the vector cache", e, "cached text vectors");
    }

    private org.hitlbm.data.io.StorageException failure(String what, SQLException e) {
        return file != null ? failure(file, what, e) : org.hitlbm.data.io.ServerStore.failure(location, what + " the vector cache", e);
    }

    /**
     * Tells of a damaged entry; it is left out of the answer, so the caller encodes the text again
     * (on a server the row is deleted, as the server keeps a key's first row).
     */
    synchronized void warn(String encoder, String text, String why) {
        tell(encoder, text, why);
        if (file == null) {
            delete(encoder, List.of(sha256(text)));
        }
    }

    private void tell(String encoder, String text, String why) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        warnings.accept("WARNING: " + location + ": the " + encoder + " vector of '" + shown.replaceAll("\\p{Cntrl}", "?") + "' " + why
                + "; encoded again");
    }

    /**
     * The cached vectors among the texts, keyed by text; texts not cached are absent, and so are
     * damaged entries (a blob of the wrong length, NaN or infinite values), with a warning.
     */
    public synchronized Map<String, float[]> lookup(String encoder, Collection<String> texts) {
        Map<String, String> textBySha = new LinkedHashMap<>();
        for (String text : new LinkedHashSet<>(texts)) {
            textBySha.put(sha256(text), text);
        }
        Map<String, float[]> found = new LinkedHashMap<>();
        List<String> damaged = new ArrayList<>();
        List<String> shas = new ArrayList<>(textBySha.keySet());
        for (int from = 0; from < shas.size(); from += MAX_KEYS_PER_QUERY) {
            List<String> chunk = shas.subList(from, Math.min(shas.size(), from + MAX_KEYS_PER_QUERY));
            String sql = "SELECT sha256, text, dim, vector FROM vectors WHERE encoder = ? AND sha256 IN ("
                    + "?,".repeat(chunk.size() - 1) + "?)";
            try (PreparedStatement q = connection.prepareStatement(sql)) {
                q.setString(1, encoder);
                for (int i = 0; i < chunk.size(); i++) {
                    q.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        String text = textBySha.get(rs.getString(1));
                        if (text.equals(rs.getString(2))) { // a SHA-256 clash would be a miss, not a wrong vector
                            float[] vector = fromBlob(rs.getBytes(4), rs.getInt(3));
                            String problem = vector == null ? "does not hold the floats its row declares" : nonFinite(vector);
                            if (problem == null) {
                                found.put(text, vector);
                            } else {
                                tell(encoder, text, problem);
                                damaged.add(rs.getString(1));
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw failure("cannot read", e);
            }
        }
        if (file == null && !damaged.isEmpty()) {
            delete(encoder, damaged); // the server keeps the first row of a key: make room for the vector encoded again
        }
        return found;
    }

    private void delete(String encoder, List<String> shas) {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM vectors WHERE encoder = ? AND sha256 = ?")) {
            for (String sha : shas) {
                delete.setString(1, encoder);
                delete.setString(2, sha);
                delete.addBatch();
            }
            delete.executeBatch();
        } catch (SQLException e) {
            throw failure("cannot write", e);
        }
    }

    /**
     * Stores all vectors in one transaction, replacing what is there (on a server: keeping what is
     * there): a text is only encoded when its cached vector was missing or damaged, and the encoders
     * are deterministic, so a concurrent writer of the same text writes the same vector.
     */
    public synchronized void store(String encoder, Map<String, float[]> vectorsByText) {
        if (vectorsByText.isEmpty()) {
            return;
        }
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(file != null
                    ? "INSERT OR REPLACE INTO vectors (encoder, sha256, text, dim, vector) VALUES (?, ?, ?, ?, ?)"
                    : "INSERT INTO vectors (encoder, sha256, text, dim, vector) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (Map.Entry<String, float[]> e : vectorsByText.entrySet()) {
                    insert.setString(1, encoder);
                    insert.setString(2, sha256(e.getKey()));
                    insert.setString(3, e.getKey());
                    insert.setInt(4, e.getValue().length);
                    insert.setBytes(5, toBlob(e.getValue()));
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("cannot write", e);
        }
    }

    /** Rows cached for the encoder. */
    public synchronized int count(String encoder) {
        try (PreparedStatement q = connection.prepareStatement("SELECT COUNT(*) FROM vectors WHERE encoder = ?")) {
            q.setString(1, encoder);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw failure("cannot read", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing vector cache " + location + ": " + e.getMessage(), e);
        }
    }

    private static String nonFinite(float[] vector) {
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                return "holds " + v;
            }
        }
        return null;
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    static byte[] toBlob(float[] vector) {
        ByteBuffer buf = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(vector);
        return buf.array();
    }

    /** Null when the blob does not hold {@code dim} floats. */
    private static float[] fromBlob(byte[] blob, int dim) {
        if (blob == null || dim < 0 || blob.length != dim * Float.BYTES) {
            return null;
        }
        float[] vector = new float[dim];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
