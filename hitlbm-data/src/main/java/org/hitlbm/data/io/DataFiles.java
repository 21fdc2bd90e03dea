package org.hitlbm.data.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.hitlbm.data.DataFormatException;

/** Finding a dataset's files in its directory. */
final class DataFiles {
    private DataFiles() {
    }

    /** The first of {@code names} that exists in {@code dir}. */
    static Optional<Path> find(Path dir, String... names) {
        for (String name : names) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #find} but a missing file is a {@link DataFormatException} on line 0. */
    static Path require(Path dir, String... names) {
        return find(dir, names).orElseThrow(() -> missing(dir, names));
    }

    static DataFormatException missing(Path dir, String... names) {
        return new DataFormatException(dir.resolve(names[0]), 0,
                "missing required file; expected " + String.join(" or ", names) + " in " + dir);
    }

    static long parseLong(String text, Path file, long line, String what, String rawLine) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, line, "expected an integer " + what + ", got '" + text + "': "
                    + TextLines.quote(rawLine));
        }
    }

    static float parseRating(String text, Path file, long line, String rawLine) {
        try {
            float r = Float.parseFloat(text.trim());
            if (Float.isFinite(r)) {
                return r;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataFormatException(file, line, "expected a numeric rating, got '" + text + "': "
                + TextLines.quote(rawLine));
    }
}
