package org.hitlbm.tree.hts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Consumer;
import org.hitlbm.data.io.Printable;
import org.hitlbm.data.io.ServerStore;
import org.hitlbm.data.io.StorageException;
import org.hitlbm.data.io.TempFiles;

/**
 * Searched trees on disk, one JSON file per user under a folder named by the settings that made
 * them; written atomically, so a killed search resumes with the users it had not finished. What is
 * read back is checked (the user it names, one layer per chunk, candidates with text in every
 * layer, their parents in the layer above, one chosen candidate per layer with a finite score): an
 * unusable file ({@code {}}, {@code null}, garbage, a tree cut short) is searched again, and the
 * warning sink hears which file, which user and why. Temporary files of writers that died are
 * swept when the store is opened.
 *
 * <p>On a PostgreSQL server ({@link #onServer}, {@code paths.store}) the same JSON is a row of table
 * {@code trees}, keyed by the folder's name and the user: the first row written for a key is kept
 * (a second searcher of the same user under the same settings and LLM cache writes the same tree),
 * and an unusable row is deleted when read, so the user is searched and stored again.
 */
public final class TreeStore implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.concurrent.ConcurrentMap<String, Object> FOLD_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();
    private final Path dir;
    private final Connection connection;
    private final String name;
    private final String location;
    private final Consumer<String> warnings;

    public TreeStore(Path dir) {
        this(dir, w -> { });
    }

    public TreeStore(Path dir, Consumer<String> warnings) {
        this.dir = dir;
        this.connection = null;
        this.name = dir.getFileName().toString();
        this.location = dir.toString();
        this.warnings = warnings;
        TempFiles.sweep(dir); // left by a search killed mid-write
    }

    private TreeStore(Connection connection, String name, String location, Consumer<String> warnings) {
        this.dir = null;
        this.connection = connection;
        this.name = name;
        this.location = location;
        this.warnings = warnings;
    }

    /**
     * The trees of the settings {@code name} stands for (the folder name a file store would have),
     * in a PostgreSQL database. Close it when done.
     *
     * @param password null to take it from the URL or the server's trust rules
     */
    public static TreeStore onServer(String jdbcUrl, String password, String name, Consumer<String> warnings) {
        Connection connection = ServerStore.connect(jdbcUrl, password, "the tree store",
                "CREATE TABLE IF NOT EXISTS trees (store TEXT NOT NULL, user_id INTEGER NOT NULL, tree TEXT NOT NULL, "
                        + "created TIMESTAMPTZ DEFAULT now(), PRIMARY KEY (store, user_id))",
                "CREATE TABLE IF NOT EXISTS rating_models (store TEXT NOT NULL, fold INTEGER NOT NULL, body BYTEA NOT NULL, "
                        + "created TIMESTAMPTZ DEFAULT now(), PRIMARY KEY (store, fold))");
        return new TreeStore(connection, name, ServerStore.location(jdbcUrl) + " (trees " + name + ")", warnings);
    }

    /** The folder, or null when the trees are on a database server. */
    public Path dir() {
        return dir;
    }

    /** The folder, or the server's URL without parameters and the store's name: for messages. */
    public String location() {
        return location;
    }

    /** Ends the server connection; a folder store holds nothing open. */
    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                throw ServerStore.failure(location, "cannot close the tree store", e);
            }
        }
    }

    public Path file(int user) {
        return dir.resolve("user-" + user + ".json");
    }

    /** The stored tree, without a check of its layer count (the caller does not know the chunks). */
    public Optional<InterestTree> load(int user) {
        return load(user, -1);
    }

    /**
     * The stored tree of {@code user} if it is usable and has {@code chunks} layers (-1: any number);
     * else empty. Several threads may share a store.
     */
    public synchronized Optional<InterestTree> load(int user, int chunks) {
        byte[] json = read(user);
        if (json == null) {
            return Optional.empty();
        }
        InterestTree tree;
        try {
            tree = JSON.readValue(json, InterestTree.class);
        } catch (IOException | RuntimeException e) {
            return unusable(user, json, "not a tree: " + firstLine(e.getMessage()));
        }
        String problem = problem(tree, user, chunks);
        return problem == null ? Optional.of(tree) : unusable(user, json, problem);
    }

    /** The stored bytes of the user's tree, null when none. */
    private byte[] read(int user) {
        return fileOrRow(connection == null ? file(user) : null, "SELECT tree FROM trees WHERE store = ? AND user_id = ?", user, true,
                "the tree store");
    }

    /** The file's bytes (file store) or the row's value (server: TEXT as UTF-8, else BYTEA); null when there is none. */
    private byte[] fileOrRow(Path file, String select, int key, boolean text, String what) {
        if (connection == null) {
            try {
                return Files.exists(file) ? Files.readAllBytes(file) : null;
            } catch (IOException e) {
                throw new StorageException(file, "cannot read (" + StorageException.cause(e) + ")", e);
            }
        }
        try (PreparedStatement q = connection.prepareStatement(select)) {
            q.setString(1, name);
            q.setInt(2, key);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return text ? rs.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8) : rs.getBytes(1);
            }
        } catch (SQLException e) {
            throw ServerStore.failure(location, "cannot read " + what, e);
        }
    }

    private static String problem(InterestTree tree, int user, int chunks) {
        if (tree == null) {
            return "the file holds null";
        }
        if (tree.user() != user) {
            return "it is the tree of user " + tree.user();
        }
        if (tree.layers() == null || tree.layers().isEmpty() || (chunks >= 0 && tree.layers().size() != chunks)) {
            return (tree.layers() == null ? "no" : String.valueOf(tree.layers().size())) + " layer(s) for "
                    + (chunks >= 0 ? chunks + " chunk(s)" : "at least one chunk");
        }
        int previous = 0;
        for (int i = 0; i < tree.layers().size(); i++) {
            TreeLayer layer = tree.layers().get(i);
            if (layer == null || layer.candidates() == null || layer.candidates().isEmpty()) {
                return "layer " + (i + 1) + " has no candidates";
            }
            if (layer.chunk() != i) {
                return "layer " + (i + 1) + " says it is of chunk " + (layer.chunk() + 1);
            }
            int chosen = 0;
            for (Candidate c : layer.candidates()) {
                if (c == null || c.text() == null) {
                    return "layer " + (i + 1) + " has a candidate without text";
                }
                if (i == 0 ? c.parent() != -1 : c.parent() < 0 || c.parent() >= previous) {
                    return "layer " + (i + 1) + " has a candidate whose parent " + c.parent() + " is not in the layer above";
                }
                if (c.chosen()) {
                    chosen++;
                    if (!Double.isFinite(c.score())) { // fusion weighs the chunk by it (S_final)
                        return "the chosen candidate of layer " + (i + 1) + " has score " + c.score();
                    }
                }
            }
            if (chosen != 1) {
                return "layer " + (i + 1) + " has " + chosen + " chosen candidates, not one";
            }
            previous = layer.candidates().size();
        }
        return null;
    }

    private Optional<InterestTree> unusable(int user, byte[] json, String why) {
        warnings.accept("WARNING: " + (connection == null ? file(user).toString() : location + " user " + user)
                + ": the stored tree of user " + user + " is unusable (" + Printable.line(why) + "); the tree is searched again");
        if (connection != null) { // the server keeps the first row of a key: make room for the tree searched again
            try (PreparedStatement d = connection.prepareStatement("DELETE FROM trees WHERE store = ? AND user_id = ? AND tree = ?")) {
                d.setString(1, name);
                d.setInt(2, user);
                d.setString(3, new String(json, java.nio.charset.StandardCharsets.UTF_8));
                d.executeUpdate();
            } catch (SQLException e) {
                throw ServerStore.failure(location, "cannot write the tree store", e);
            }
        }
        return Optional.empty();
    }

    public synchronized void save(InterestTree tree) {
        if (connection != null) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO trees (store, user_id, tree) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, name);
                insert.setInt(2, tree.user());
                insert.setString(3, JSON.writeValueAsString(tree));
                insert.executeUpdate();
            } catch (SQLException e) {
                throw ServerStore.failure(location, "cannot write the tree store", e);
            } catch (IOException e) {
                throw new IllegalStateException("tree of user " + tree.user() + " does not serialize", e);
            }
            return;
        }
        try {
            TempFiles.writeAtomically(file(tree.user()), JSON.writeValueAsBytes(tree));
        } catch (IOException e) {
            throw StorageException.writing(file(tree.user()), e);
        }
    }

    /** The stored rating models of a fold ({@link #saveRatingModels}), null when none. */
    public synchronized byte[] ratingModels(int fold) {
        return fileOrRow(connection == null ? ratingModelsFile(fold) : null, "SELECT body FROM rating_models WHERE store = ? AND fold = ?",
                fold, false, "the rating models");
    }

    private Path ratingModelsFile(int fold) {
        return dir.resolve("rating-models-fold-" + fold + ".bin");
    }

    /** Keeps a fold's fitted rating models (the first written stays on a server). */
    public synchronized void saveRatingModels(int fold, byte[] body) {
        if (connection == null) {
            TempFiles.writeAtomically(ratingModelsFile(fold), body); // its own StorageException
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO rating_models (store, fold, body) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, name);
            insert.setInt(2, fold);
            insert.setBytes(3, body);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw ServerStore.failure(location, "cannot write the rating models", e);
        }
    }

    /** Deletes a fold's stored rating models that could not be read back (with a warning), so they are fitted and stored again. */
    public synchronized void dropRatingModels(int fold, String why) {
        warnings.accept("WARNING: " + location + ": the stored rating models of fold " + (fold + 1) + " are unusable ("
                + Printable.line(why) + "); they are fitted again");
        if (connection == null) {
            try {
                Files.deleteIfExists(ratingModelsFile(fold));
            } catch (IOException e) {
                throw StorageException.writing(ratingModelsFile(fold), e);
            }
            return;
        }
        try (PreparedStatement d = connection.prepareStatement("DELETE FROM rating_models WHERE store = ? AND fold = ?")) {
            d.setString(1, name);
            d.setInt(2, fold);
            d.executeUpdate();
        } catch (SQLException e) {
            throw ServerStore.failure(location, "cannot write the rating models", e);
        }
    }

    /**
     * Runs {@code work} (read the fold's rating models, else fit and store them) while no other
     * process of this store does it for the same fold: a file lock in the folder, or a PostgreSQL
     * advisory lock (released by the server if the process dies). So the models are fitted once,
     * and a process that waited reads them.
     */
    public <T> T whileFitting(int fold, java.util.function.Supplier<T> work) {
        if (connection == null) {
            Path lockFile = dir.resolve(".rating-models-fold-" + fold + ".lock").toAbsolutePath();
            // a file lock excludes other processes; threads of this JVM queue on the monitor (a second
            // FileChannel.lock of one file in one JVM throws instead of waiting)
            synchronized (FOLD_LOCKS.computeIfAbsent(lockFile.toString(), k -> new Object())) {
                try {
                    Files.createDirectories(dir);
                    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                         java.nio.channels.FileLock lock = channel.lock()) {
                        return work.get();
                    }
                } catch (IOException e) {
                    throw StorageException.writing(lockFile, e);
                }
            }
        }
        String key = name + "/rating-models/" + fold;
        advisory("SELECT pg_advisory_lock(hashtextextended(?, 7365521))", key);
        try {
            return work.get();
        } finally {
            advisory("SELECT pg_advisory_unlock(hashtextextended(?, 7365521))", key);
        }
    }

    private synchronized void advisory(String sql, String key) {
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            q.setString(1, key);
            q.execute();
        } catch (SQLException e) {
            throw ServerStore.failure(location, "cannot lock the rating models", e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
