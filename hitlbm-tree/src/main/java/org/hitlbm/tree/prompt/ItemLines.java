package org.hitlbm.tree.prompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hitlbm.data.Domain;
import org.hitlbm.data.Item;

/**
 * How an item is written in a prompt (Fig. 2: title, genres or category, the user's rating) and
 * read back by the offline stand-in. One line per item: {@code title: T, genres: A | B, rating: 4}.
 */
public final class ItemLines {
    private static final Pattern LINE = Pattern.compile("^title: (.*), (?:genres|category): (.*?)(?:, rating: ([0-9.]+))?$");

    private ItemLines() {
    }

    /** The field name of an item's genres in this domain. */
    public static String genreField(Domain domain) {
        return domain == Domain.BOOKS ? "category" : "genres";
    }

    public static String line(Domain domain, Item item, Float rating) {
        String genres = item.genres().isEmpty() ? "unknown" : String.join(" | ", item.genres());
        String base = "title: " + item.title() + ", " + genreField(domain) + ": " + genres;
        return rating == null ? base : base + ", rating: " + formatRating(rating);
    }

    static String formatRating(float rating) {
        return rating == Math.rint(rating) ? String.valueOf((int) rating) : String.valueOf(rating);
    }

    /** An item line parsed back: title, genres, and the rating (NaN when the line has none). */
    public record Parsed(String title, List<String> genres, double rating) {
    }

    /** Every item line in a block of text, in order. */
    public static List<Parsed> parseAll(String text) {
        List<Parsed> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            Matcher m = LINE.matcher(raw.strip());
            if (m.matches()) {
                List<String> genres = Arrays.stream(m.group(2).split("\\|")).map(String::strip).filter(g -> !g.isEmpty()).toList();
                out.add(new Parsed(m.group(1), genres, m.group(3) == null ? Double.NaN : Double.parseDouble(m.group(3))));
            }
        }
        return out;
    }
}
