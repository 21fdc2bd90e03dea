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
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every LLM generation and Yes-probability, stored in one SQLite file (WAL mode), or in a PostgreSQL
 * database that processes on many machines share ({@link #onServer}), under a key of
 * backend, model, call kind, prompt, seed, temperature and token limit. Each call is one
 * autocommitted row, so a kill at any moment leaves either the whole record or none, and several
 * processes may share the file (busy timeout, WAL): a worker (one thread of one process) about to
 * call the LLM first claims the key ({@link #getOrClaim}, a row in {@code llm_claims} with an owner
 * and a lease), and another worker that wants the same call polls for the answer instead of paying
 * for it twice. A claim of a process that has ended on this host is taken over at once; any other
 * claim ends with its lease (10 minutes, {@code -Dhitlbm.llmcache.leaseSeconds}; not renewed, so a
 * single call slower than that may be made twice). Researchers can open it with any SQLite client:
 * {@code SELECT prompt, response FROM llm_calls WHERE kind = 'generate' LIMIT 5}.
 */
public final class LlmCallCache implements AutoCloseable {
    /**
     * A cached answer: the text (generate) or the probability (yes) with the Yes+No mass it came
     * from (NaN for rows written before the mass was recorded), and token counts.
     */
    public record Entry(String response, double yesProbability, double yesNoMass, int promptTokens, int completionTokens) {
        public Entry(String response, double yesProbability, int promptTokens, int completionTokens) {
            this(response, yesProbability, Double.NaN, promptTokens, completionTokens);
        }
    }

    /** How long a claim holds before another worker may take the call over (its worker was killed, say). */
    static final long LEASE_MILLIS = Long.getLong("hitlbm.llmcache.leaseSeconds", 600) * 1000;
    private static final long POLL_MILLIS = 100;

    private final Path file;
    private final String location;
    private final Connection connection;
    private static final long PID = ProcessHandle.current().pid();
    private static final long START_MILLIS = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    private static final String HOST = host();
    private static final Pattern OWNER = Pattern.compile("(.*):(\\d+)@(\\d+)#[^/]*/\\d+");
    private final String instance = Long.toHexString(new java.security.SecureRandom().nextLong());
    private final long leaseMillis;

    public LlmCallCache(Path file) {
        this(file, LEASE_MILLIS);
    }

    LlmCallCache(Path file, long leaseMillis) {
        this.file = file;
        this.location = file.toString();
        this.leaseMillis = leaseMillis;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            // One writer at a time sets the schema up: sharded workers open a new file together, and two
            // of them upgrading the same fresh table made the second fail on a duplicate column.
            org.hitlbm.data.io.EmbeddedStore.prepare(connection, 30_000, s -> {
                s.execute("""
                        CREATE TABLE IF NOT EXISTS llm_calls (
                          key TEXT PRIMARY KEY,
                          backend TEXT NOT NULL, model TEXT NOT NULL, kind TEXT NOT NULL,
                          prompt TEXT NOT NULL, seed INTEGER, temperature REAL, max_tokens INTEGER,
                          response TEXT, yes_probability REAL,
                          prompt_tokens INTEGER, completion_tokens INTEGER,
                          created TEXT DEFAULT CURRENT_TIMESTAMP, yes_no_mass REAL)""");
                addColumnIfMissing(s, "llm_calls", "yes_no_mass", "REAL"); // files written before the output guards
                s.execute("CREATE TABLE IF NOT EXISTS llm_claims (key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires INTEGER NOT NULL)");
            });
        } catch (java.io.IOException e) {
            throw org.hitlbm.data.io.StorageException.writing(file, e);
        } catch (SQLException e) {
            throw failure(file, "cannot open", e);
        }
    }

    /**
     * The cache in a PostgreSQL database ({@code paths.store}), shared by processes on many
     * machines with the same keys, claims and first-writer-wins rows as the SQLite file.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database[?user=...]}
     * @param password null to take it from the URL or the server's trust rules
     */
    public static LlmCallCache onServer(String jdbcUrl, String password) {
        return new LlmCallCache(jdbcUrl, password, LEASE_MILLIS);
    }

    LlmCallCache(String jdbcUrl, String password, long leaseMillis) {
        this.file = null;
        this.location = org.hitlbm.data.io.ServerStore.location(jdbcUrl);
        this.leaseMillis = leaseMillis;
        connection = org.hitlbm.data.io.ServerStore.connect(jdbcUrl, password, "the LLM cache", """
                CREATE TABLE IF NOT EXISTS llm_calls (
                  key TEXT PRIMARY KEY,
                  backend TEXT NOT NULL, model TEXT NOT NULL, kind TEXT NOT NULL,
                  prompt TEXT NOT NULL, seed BIGINT, temperature DOUBLE PRECISION, max_tokens INTEGER,
                  response TEXT, yes_probability DOUBLE PRECISION,
                  prompt_tokens INTEGER, completion_tokens INTEGER,
                  created TIMESTAMPTZ DEFAULT now(), yes_no_mass DOUBLE PRECISION)""",
                "CREATE TABLE IF NOT EXISTS llm_claims (key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires BIGINT NOT NULL)");
    }

    private static void addColumnIfMissing(Statement s, String table, String column, String type) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (r.next()) {
                if (r.getString("name").equals(column)) {
                    return;
                }
            }
        }
        s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
    }

    /** One line naming the file; a damaged database says that deleting it costs only cached LLM answers. */
    static org.hitlbm.data.io.StorageException failure(Path file, String what, SQLException e) {
        return org.hitlbm.data.io.StorageException.database(file, what + " the LLM cache", e, "cached LLM answers");
    }

    private org.hitlbm.data.io.StorageException failure(String what, SQLException e) {
        return file != null ? failure(file, what, e) : new org.hitlbm.data.io.StorageException(location, what + " the LLM cache: "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }

    /** The SQLite file, or null when the cache is on a database server. */
    public Path file() {
        return file;
    }

    /** The file, or the server's JDBC URL without its parameters (no credentials): for messages. */
    public String location() {
        return location;
    }

    /**
     * Who holds a claim: host (the UTS name, so containers sharing the file tell their processes
     * apart), process id and start time (a reused pid is another process), this cache instance and
     * the thread, so threads of one process sharing an instance wait for each other too.
     */
    static String ownerOf(long pid, long startMillis, String instance, long thread) {
        return HOST + ":" + pid + "@" + startMillis + "#" + instance + "/" + thread;
    }

    private String owner() {
        return ownerOf(PID, START_MILLIS, instance, Thread.currentThread().getId());
    }

    /** True when the claim's owner is a process of this host that has ended: its claim can be taken over at once. */
    static boolean ownerGone(String owner) {
        Matcher m = OWNER.matcher(owner);
        if (HOST.isEmpty() || !m.matches() || !m.group(1).equals(HOST)) {
            return false; // another machine or container, or an older build: only its lease tells
        }
        long pid = Long.parseLong(m.group(2));
        if (pid == PID) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        long start = process.get().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        long claimed = Long.parseLong(m.group(3));
        return start >= 0 && claimed > 0 && start != claimed; // the pid was reused by a later process
    }

    private static String host() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().replaceAll("[:@#/\\s]", "_");
        } catch (java.io.IOException | RuntimeException e) {
            return ""; // not Linux: claims then end by their lease only
        }
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
                "SELECT response, yes_probability, yes_no_mass, prompt_tokens, completion_tokens FROM llm_calls WHERE key = ?")) {
            q.setString(1, key);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                double mass = r.getDouble(3);
                boolean massUnknown = r.wasNull(); // right after its own column: wasNull speaks of the last one read
                return Optional.of(new Entry(r.getString(1), r.getDouble(2), massUnknown ? Double.NaN : mass, r.getInt(4), r.getInt(5)));
            }
        } catch (SQLException e) {
            throw failure("cannot read", e);
        }
    }

    /**
     * The cached answer, or empty once this worker holds the claim to compute it: then call the LLM
     * and {@link #put} (or {@link #release} on failure). While another live worker holds the claim,
     * waits for its answer; takes the claim over when the lease runs out.
     */
    public Optional<Entry> getOrClaim(String key) {
        while (true) {
            Optional<Entry> cached = get(key);
            if (cached.isPresent() || claim(key)) {
                return cached;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for another worker's LLM call", e);
            }
        }
    }

    /**
     * True when this worker (this thread of this instance) now holds the key: there was no claim,
     * an expired one, its own, or one of a process that has ended on this host.
     */
    private synchronized boolean claim(String key) {
        String me = owner();
        for (int attempt = 0; attempt < 2; attempt++) {
            long now = System.currentTimeMillis();
            try (PreparedStatement q = connection.prepareStatement("""
                    INSERT INTO llm_claims (key, owner, expires) VALUES (?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
                    WHERE llm_claims.expires < ? OR llm_claims.owner = excluded.owner""")) {
                q.setString(1, key);
                q.setString(2, me);
                q.setLong(3, now + leaseMillis);
                q.setLong(4, now);
                if (q.executeUpdate() > 0) {
                    return get(key).isEmpty() || release(key); // answered between our look and our claim: nothing to do
                }
            } catch (SQLException e) {
                throw failure("cannot claim a call in", e);
            }
            String holder = holder(key);
            if (holder == null) {
                continue; // the claim vanished since our insert (answered or given up): try once more
            }
            if (!ownerGone(holder)) {
                return false;
            }
            try (PreparedStatement q = connection.prepareStatement("DELETE FROM llm_claims WHERE key = ? AND owner = ?")) {
                q.setString(1, key);
                q.setString(2, holder); // only that dead claim: a live worker may have taken it over meanwhile
                q.executeUpdate();
            } catch (SQLException e) {
                throw failure("cannot take over a call in", e);
            }
        }
        return false;
    }

    private String holder(String key) {
        try (PreparedStatement q = connection.prepareStatement("SELECT owner FROM llm_claims WHERE key = ?")) {
            q.setString(1, key);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw failure("cannot read a claim in", e);
        }
    }

    /** Gives up this worker's claim (the call failed), so another may make it. */
    public synchronized boolean release(String key) {
        try (PreparedStatement q = connection.prepareStatement("DELETE FROM llm_claims WHERE key = ? AND owner = ?")) {
            q.setString(1, key);
            q.setString(2, owner());
            q.executeUpdate();
            return false;
        } catch (SQLException e) {
            throw failure("cannot release a call in", e);
        }
    }

    /** First writer wins: a concurrent process that computed the same call keeps its row. */
    public synchronized void put(String key, String backend, String model, String kind, String prompt, long seed, double temperature,
                                 int maxTokens, Entry entry) {
        try (PreparedStatement q = connection.prepareStatement("""
                INSERT INTO llm_calls (key, backend, model, kind, prompt, seed, temperature, max_tokens,
                  response, yes_probability, yes_no_mass, prompt_tokens, completion_tokens) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
                ON CONFLICT (key) DO NOTHING""")) {
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
            if (Double.isNaN(entry.yesNoMass())) {
                q.setNull(11, java.sql.Types.DOUBLE);
            } else {
                q.setDouble(11, entry.yesNoMass());
            }
            q.setInt(12, entry.promptTokens());
            q.setInt(13, entry.completionTokens());
            q.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot write", e);
        }
        release(key);
    }

    /**
     * What the cached generations of one backend and model cost, for planning: the prompt
     * characters per reported prompt token and the mean completion. Rows without token counts
     * (backends that report none) are left out.
     */
    public record TokenStatistics(long generations, long promptChars, long promptTokens, double meanCompletionTokens,
                                  double meanCompletionChars) {
        public double charsPerToken() {
            return promptTokens == 0 ? Double.NaN : (double) promptChars / promptTokens;
        }
    }

    public synchronized TokenStatistics tokenStatistics(String backend, String model) {
        try (PreparedStatement q = connection.prepareStatement("""
                SELECT COUNT(*), COALESCE(SUM(LENGTH(prompt)), 0), COALESCE(SUM(prompt_tokens), 0), AVG(completion_tokens),
                  AVG(LENGTH(response)) FROM llm_calls
                WHERE backend = ? AND model = ? AND kind = 'generate' AND prompt_tokens > 0""")) {
            q.setString(1, backend);
            q.setString(2, model);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return new TokenStatistics(r.getLong(1), r.getLong(2), r.getLong(3), r.getDouble(4), r.getDouble(5));
            }
        } catch (SQLException e) {
            throw failure("cannot read", e);
        }
    }

    public synchronized long size() {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM llm_calls")) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            throw failure("cannot read", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("cannot close", e);
        }
    }
}
