package org.hitlbm.data.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.hitlbm.data.DataFormatException;
import org.hitlbm.data.DatasetReader;
import org.hitlbm.data.Domain;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.Item;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.UserProfile;

/**
 * Amazon Review "Books": a reviews JSON-lines file and an optional item metadata JSON-lines file,
 * in the 2014, 2018 or 2023 release's field names. 2014 metadata lines are Python dict literals
 * (single quotes), which the lenient parser accepts. Files may be gzipped.
 *
 * <p>What the format forbids is a {@link DataFormatException} naming file:line: a line that is
 * not exactly one JSON object (a second object after it is "trailing data"), a rating outside
 * 1..5 stars, a negative timestamp, a reviews file without reviews, a truncated {@code .gz}.
 * What can be repaired is repaired and counted in {@link RawDataset#warnings()}: exact duplicate
 * reviews are dropped; a user reviewing the same book again (in 2023 also: another edition under
 * the same {@code parent_asin}) keeps the latest review; malformed UTF-8 becomes U+FFFD; control
 * characters in titles become spaces.
 */
public final class AmazonBooksReader implements DatasetReader {
    static final List<String> REVIEW_NAMES = List.of(
            "Books_5.json", "reviews_Books_5.json", "Books.json", "reviews_Books.json", "Books_small.json");
    static final List<String> META_NAMES = List.of("meta_Books.json", "meta_Books.jsonl");
    /** Star ratings of every release. */
    private static final float MIN_RATING = 1;
    private static final float MAX_RATING = 5;
    /** The generic root of every Books category path, dropped so genres say something. */
    private static final String ROOT_CATEGORY = "Books";

    /** One mapper for all three releases: lenient enough for the 2014 Python-literal metadata. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .build();

    private final Path reviewsFile;
    private final Path metaFile;

    /** Finds the files by name in the directory passed to {@link #read}. */
    public AmazonBooksReader() {
        this(null, null);
    }

    /**
     * Reads exactly these files; {@link #read}'s directory is then ignored.
     *
     * @param reviewsFile the reviews JSON-lines file (required)
     * @param metaFile    the metadata JSON-lines file, or null for none
     */
    public AmazonBooksReader(Path reviewsFile, Path metaFile) {
        this.reviewsFile = reviewsFile;
        this.metaFile = metaFile;
    }

    @Override
    public String name() {
        return "amazon-books";
    }

    @Override
    public Domain domain() {
        return Domain.BOOKS;
    }

    @Override
    public RawDataset read(Path dir) {
        Path reviews = reviewsFile != null ? reviewsFile : findReviews(dir);
        if (!Files.isRegularFile(reviews)) {
            throw new DataFormatException(reviews, 0, "missing required file; expected the reviews JSON-lines file "
                    + reviews.getFileName() + " in " + Objects.requireNonNullElse(reviews.getParent(), Path.of(".")));
        }
        Optional<Path> meta = reviewsFile != null ? Optional.ofNullable(metaFile) : findMeta(dir);

        ReadWarnings warnings = new ReadWarnings();
        IdIndex users = new IdIndex();
        IdIndex items = new IdIndex();
        RatingRows rows = new RatingRows(reviews, MIN_RATING, MAX_RATING, warnings);
        TextLines.forEach(reviews, StandardCharsets.UTF_8, warnings, (n, line) -> {
            Review r = review(reviews, n, line);
            rows.check(n, line, r.rating(), r.time());
            rows.add(n, users.idOf(r.user()), items.idOf(r.item()), (float) r.rating(), r.time());
        });
        List<Interaction> interactions = rows.interactions();

        Map<String, Item> described = meta.map(m -> readMeta(m, items, warnings)).orElse(Map.of());
        List<Item> itemList = new ArrayList<>(items.size());
        for (int id = 1; id <= items.size(); id++) {
            String asin = items.rawId(id);
            Item d = described.get(asin);
            itemList.add(d == null ? new Item(id, asin, asin, List.of()) : new Item(id, asin, d.title(), d.genres()));
        }
        List<UserProfile> userList = new ArrayList<>(users.size());
        for (int id = 1; id <= users.size(); id++) {
            userList.add(UserProfile.anonymous(id, users.rawId(id)));
        }
        return new RawDataset(name(), domain(), itemList, userList, interactions, null, warnings.lines());
    }

    /** Metadata of the reviewed items only: the full metadata file is far larger than what is used. */
    private static Map<String, Item> readMeta(Path file, IdIndex reviewed, ReadWarnings warnings) {
        Map<String, Item> items = new HashMap<>();
        TextLines.forEach(file, StandardCharsets.UTF_8, warnings, (n, line) -> {
            JsonNode m = parse(file, n, line);
            String asin = text(m, file, n, line, "parent_asin", "asin");
            if (!reviewed.contains(asin)) {
                return;
            }
            String title = TextLines.cleanTitle(m.path("title").asText("").trim(), file, n, warnings);
            items.put(asin, new Item(1, asin, title.isEmpty() ? asin : title, categories(m)));
        });
        return items;
    }

    /**
     * The category path: 2018 {@code category} (list of strings), 2023 {@code categories} (list of
     * strings), 2014 {@code categories} (list of paths; the first path under Books is used).
     */
    static List<String> categories(JsonNode meta) {
        JsonNode node = meta.has("category") ? meta.get("category") : meta.path("categories");
        if (!node.isArray() || node.isEmpty()) {
            return List.of();
        }
        JsonNode path = node;
        if (node.get(0).isArray()) {
            path = node.get(0);
            for (JsonNode p : node) {
                if (p.isArray() && p.size() > 0 && ROOT_CATEGORY.equals(p.get(0).asText())) {
                    path = p;
                    break;
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (JsonNode c : path) {
            String s = c.asText("").trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        if (out.size() > 1 && out.get(0).equals(ROOT_CATEGORY)) {
            out.remove(0);
        }
        return out;
    }

    /** One review line's fields, raw ids as the files spell them, time in seconds. */
    record Review(String user, String item, double rating, long time) {
    }

    /** One line of a reviews file (2014/2018 or 2023 field names); a missing or malformed field names file:line. */
    static Review review(Path file, long n, String line) {
        JsonNode r = parse(file, n, line);
        String user = text(r, file, n, line, "reviewerID", "user_id");
        // 2023 metadata is keyed by parent_asin, so it wins over the variant's own asin.
        String item = text(r, file, n, line, "parent_asin", "asin");
        double rating = number(r, file, n, line, "overall", "rating");
        long time = r.has("unixReviewTime")
                ? (long) number(r, file, n, line, "unixReviewTime")
                : Math.floorDiv((long) number(r, file, n, line, "timestamp"), 1000L); // 2023: milliseconds
        return new Review(user, item, rating, time);
    }

    /** Exactly one JSON object: a second one after it ({@code {...}{...}}) would otherwise be dropped unseen. */
    private static JsonNode parse(Path file, long n, String line) {
        try (JsonParser parser = JSON.createParser(line)) {
            JsonNode node = JSON.readTree(parser);
            if (node == null || !node.isObject()) {
                throw new DataFormatException(file, n, "expected one JSON object per line: " + TextLines.quote(line));
            }
            if (hasMore(parser)) {
                throw new DataFormatException(file, n, "trailing data after the JSON object: " + TextLines.quote(line));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new DataFormatException(file, n, "expected one JSON object per line, got invalid JSON ("
                    + e.getOriginalMessage() + "): " + TextLines.quote(line), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String source does no I/O
        }
    }

    private static boolean hasMore(JsonParser parser) throws IOException {
        try {
            return parser.nextToken() != null;
        } catch (JsonProcessingException e) {
            return true; // garbage after the object is trailing data too
        }
    }

    /** The first present, non-empty text field among {@code names}. */
    private static String text(JsonNode node, Path file, long n, String line, String... names) {
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v != null && v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
                return v.asText().trim();
            }
        }
        throw missingField(file, n, line, names);
    }

    /** The first present field among {@code names}, as a number (numeric strings are accepted). */
    private static double number(JsonNode node, Path file, long n, String line, String... names) {
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                continue;
            }
            double d = Double.NaN;
            if (v.isNumber()) {
                d = v.asDouble();
            } else if (v.isValueNode()) {
                try {
                    d = Double.parseDouble(v.asText().trim());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            if (!Double.isFinite(d)) {
                throw new DataFormatException(file, n, "expected a number in field '" + name + "', got "
                        + v + ": " + TextLines.quote(line));
            }
            return d;
        }
        throw missingField(file, n, line, names);
    }

    private static DataFormatException missingField(Path file, long n, String line, String... names) {
        return new DataFormatException(file, n, "missing required field " + String.join(" or ", names) + ": "
                + TextLines.quote(line));
    }

    private static Path findReviews(Path dir) {
        for (String name : REVIEW_NAMES) {
            Optional<Path> p = DataFiles.find(dir, name, name + ".gz");
            if (p.isPresent()) {
                return p.get();
            }
        }
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && isJsonLines(name) && !name.startsWith("meta")) {
                    candidates.add(p);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            candidates.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        String expected = String.join(", ", REVIEW_NAMES) + " (or .gz), or a single other *.json/*.jsonl";
        if (candidates.isEmpty()) {
            throw new DataFormatException(dir.resolve(REVIEW_NAMES.get(0)), 0,
                    "missing required file; expected " + expected + " in " + dir);
        }
        candidates.sort(null);
        throw new DataFormatException(dir, 0, "cannot tell which file holds the reviews; expected " + expected
                + ", found " + candidates.stream().map(p -> p.getFileName().toString()).toList());
    }

    private static Optional<Path> findMeta(Path dir) {
        List<String> names = new ArrayList<>();
        for (String n : META_NAMES) {
            names.add(n);
            names.add(n + ".gz");
        }
        return DataFiles.find(dir, names.toArray(new String[0]));
    }

    private static boolean isJsonLines(String name) {
        String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        return base.endsWith(".json") || base.endsWith(".jsonl");
    }
}
