package org.hitlbm.data.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Problems a reader repairs instead of refusing the file (a duplicated row, a control character in
 * a title), counted per file and kind so the data summary can say how much was repaired and where
 * to look, without one message per line.
 */
final class ReadWarnings {
    private record Kind(String file, String what) {
    }

    /** kind -> {count, first line}. */
    private final Map<Kind, long[]> counts = new LinkedHashMap<>();

    /** One more occurrence of {@code what} (a plural noun phrase) in {@code file} at {@code line}. */
    void add(Path file, long line, String what) {
        counts.computeIfAbsent(new Kind(String.valueOf(file.getFileName()), what), k -> new long[] {0, line})[0]++;
    }

    /** "u.data: 2 exact duplicate ratings dropped (first at line 7)", in order of first occurrence. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        counts.forEach((kind, c) -> out.add(kind.file() + ": " + c[0] + " " + kind.what() + " (first at line " + c[1] + ")"));
        return out;
    }
}
