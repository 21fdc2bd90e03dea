package org.hitlbm.data;

import java.nio.file.Path;

/** A data file that cannot be read as its format says; the message names the file and line. */
public class DataFormatException extends RuntimeException {
    private final Path file;
    private final long line;

    public DataFormatException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    public DataFormatException(Path file, long line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem is with the file as a whole (e.g. missing). */
    public long line() {
        return line;
    }
}
