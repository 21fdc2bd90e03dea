package org.hitlbm.data;

import java.io.Serializable;
import java.util.List;

/**
 * One catalogue item.
 *
 * @param id     dense id, 1-based (0 is reserved for padding in every id space)
 * @param rawId  the id as the source files spell it (MovieLens movie id, Amazon ASIN)
 * @param title  human-readable title; the raw id when the source has none
 * @param genres genres (MovieLens, synthetic) or categories (Amazon), most specific last; may be empty
 */
public record Item(int id, String rawId, String title, List<String> genres) implements Serializable {
    public Item {
        genres = List.copyOf(genres);
    }

    /** The single category CTR features use: the first genre, as in KAR's features. */
    public String category() {
        return genres.isEmpty() ? "unknown" : genres.get(0);
    }
}
