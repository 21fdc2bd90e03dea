package org.hitlbm.tree.prompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hitlbm.data.Domain;
import org.hitlbm.data.Item;

/**
 * How an item is written in a prompt, in the shapes of Fig. 2 and 3, and read back by the offline
 * stand-in. A history line: {@code movie title: T, genres: A | B, rating: 4} ({@code book title: T,
 * category: C, rating: 5}); a target: {@code Movie: "T", genres: "A | B"} ({@code Book: "T",
 * category: "C"}).
 */
public final class ItemLines {
    private static final Pattern HISTORY = Pattern.compile("^(?:movie|book) title: (.*), (?:genres|category): (.*?)(?:, rating: ([0-9.]+))?$");
    private static final Pattern TARGET = Pattern.compile("^(?:Movie|Book): \"(.*)\", (?:genres|category): \"(.*)\"$");

    private ItemLines() {
    }

    /** The field name of an item's genres in this domain. */
    public static String genreField(Domain domain) {
        return domain == Domain.BOOKS ? "category" : "genres";
    }

    /** "movie" or "book". */
    public static String kind(Domain domain) {
        return domain == Domain.BOOKS ? "book" : "movie";
    }

    /** An item's genres as prompts write them: "A | B", or "unknown". */
    public static String genres(Item item) {
        return item.genres().isEmpty() ? "unknown" : String.join(" | ", item.genres());
    }

    /** One line of a viewing/reading history; {@code rating} null leaves the rating out. */
    public static String line(Domain domain, Item item, Float rating) {
        String base = kind(domain) + " title: " + item.title() + ", " + genreField(domain) + ": " + genres(item);
        return rating == null ? base : base + ", rating: " + formatRating(rating);
    }

    /** The target item of a Yes/No prompt (Fig. 3): {@code Movie: "T", genres: "A | B"}. */
    public static String target(Domain domain, Item item) {
        String kind = kind(domain);
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + ": \"" + item.title() + "\", " + genreField(domain)
                + ": \"" + genres(item) + "\"";
    }

    static String formatRating(float rating) {
        return rating == Math.rint(rating) ? String.valueOf((int) rating) : String.valueOf(rating);
    }

    /** An item line parsed back: title, genres, and the rating (NaN when the line has none). */
    public record Parsed(String title, List<String> genres, double rating) {
    }

    /** Every history line in a block of text, in order. */
    public static List<Parsed> parseAll(String text) {
        List<Parsed> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            Matcher m = HISTORY.matcher(raw.strip());
            if (m.matches()) {
                out.add(new Parsed(m.group(1), split(m.group(2)), m.group(3) == null ? Double.NaN : Double.parseDouble(m.group(3))));
            }
        }
        return out;
    }

    /** The first target line in a block of text. */
    public static Optional<Parsed> parseTarget(String text) {
        for (String raw : text.split("\n")) {
            Matcher m = TARGET.matcher(raw.strip());
            if (m.matches()) {
                return Optional.of(new Parsed(m.group(1), split(m.group(2)), Double.NaN));
            }
        }
        return Optional.empty();
    }

    private static List<String> split(String genres) {
        return Arrays.stream(genres.split("\\|")).map(String::strip).filter(g -> !g.isEmpty()).toList();
    }
}
