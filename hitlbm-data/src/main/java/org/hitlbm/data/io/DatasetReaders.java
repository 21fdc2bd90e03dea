package org.hitlbm.data.io;

import java.util.List;
import java.util.function.Supplier;

import org.hitlbm.data.DatasetReader;

/** The readers known by name, as YAML's {@code dataset.name} and the {@code list} command spell them. */
public final class DatasetReaders {
    private static final List<String> NAMES = List.of("ml-1m", "ml-100k", "amazon-books");

    private DatasetReaders() {
    }

    /** A new reader for {@code name}; unknown names fail with the list of allowed ones. */
    public static DatasetReader byName(String name) {
        Supplier<DatasetReader> reader = switch (name == null ? "" : name.trim()) {
            case "ml-1m" -> MovieLens1MReader::new;
            case "ml-100k" -> MovieLens100KReader::new;
            case "amazon-books" -> AmazonBooksReader::new;
            default -> null;
        };
        if (reader == null) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; expected one of " + NAMES);
        }
        return reader.get();
    }

    /** The item domain of a dataset name, synthetic included (its items are movies). */
    public static org.hitlbm.data.Domain domain(String name) {
        return "synthetic".equals(name) ? org.hitlbm.data.Domain.MOVIES : byName(name).domain();
    }

    /** The names {@link #byName} accepts, in a stable order. */
    public static List<String> names() {
        return NAMES;
    }
}
