package org.hitlbm.data.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file the project owns (a cache, a result) that cannot be written or read: disk full, no
 * permission, a corrupt database. The message is one line naming the file and the cause; the CLI
 * exits with code 6.
 */
public class StorageException extends RuntimeException {
    private final Path file;

    public StorageException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** A store that is not a file (a database server): {@code location} names it, without credentials. */
    public StorageException(String location, String problem, Throwable cause) {
        super(location + ": " + problem, cause);
        this.file = null;
    }

    /** The file, or null for a database server. */
    public Path file() {
        return file;
    }

    public static StorageException writing(Path file, IOException e) {
        return new StorageException(file, "cannot write (" + cause(e) + ")", e);
    }

    /**
     * A cache database that cannot be used. A damaged one (SQLITE_CORRUPT, NOTADB) says that deleting
     * it loses only {@code cached} (e.g. "cached LLM answers"), which are computed again.
     */
    public static StorageException database(Path file, String what, Exception e, String cached) {
        String message = String.valueOf(e.getMessage());
        String first = message.lines().findFirst().orElse("");
        boolean damaged = message.contains("SQLITE_CORRUPT") || message.contains("SQLITE_NOTADB")
                || message.contains("malformed") || message.contains("not a database");
        return new StorageException(file, damaged
                ? "the cache database is damaged (" + first + "); delete the file to go on: that loses only " + cached
                        + ", which are computed again"
                : what + ": " + first, e);
    }

    /** "No space left on device", "Permission denied", ... rather than the exception's class. */
    public static String cause(Throwable e) {
        String message = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.contains("No space left") ? "no space left on device" : message;
    }
}
