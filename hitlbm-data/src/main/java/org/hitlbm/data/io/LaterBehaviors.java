package org.hitlbm.data.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitlbm.data.DataFormatException;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.Item;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.UserProfile;

/**
 * Behaviours that arrived after a dataset was read ({@code dataset.appended}, the {@code update}
 * command), added to it so that everything the dataset already held keeps its ids and order.
 *
 * <p>One behaviour per line, in the format of the dataset's own files: user id, item id, rating,
 * timestamp (seconds), tab- or space-separated as MovieLens-100K's {@code u.data}, or
 * {@code ::}-separated as MovieLens-1M's {@code ratings.dat}; or a JSON object as in Amazon's
 * reviews files ({@link AmazonBooksReader#review}: {@code reviewerID}/{@code user_id},
 * {@code parent_asin}/{@code asin}, {@code overall}/{@code rating}, {@code unixReviewTime} or
 * {@code timestamp} in milliseconds). An item must be in the dataset's catalogue (its title and
 * genres are what the prompts show); a user it does not know is added after its users, with an
 * unknown profile. A rating outside 1..5 stars (the scale of every dataset here), or a negative
 * timestamp, is a {@link DataFormatException} naming file:line. An exact repeat of a behaviour the
 * dataset (or an earlier line) holds (same user, item, rating and time) is dropped and counted in
 * the warnings; the same user and item with another rating or time is a new behaviour (a re-read, a
 * re-watch). A dataset file instead keeps only the latest of a repeated pair, but here that would
 * rewrite a behaviour already chunked, and what was already chunked does not change.
 */
public final class LaterBehaviors {
    static final String ALREADY_HELD = "behaviours the dataset already held (same user, item, rating and time) dropped";

    private LaterBehaviors() {
    }

    /** {@code base} with the behaviours of {@code file} after its own. */
    public static RawDataset append(RawDataset base, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, 0, "file of later behaviours not found (dataset.appended)");
        }
        Map<String, Integer> itemIds = new HashMap<>();
        for (Item item : base.items()) {
            itemIds.put(item.rawId(), item.id());
        }
        Map<String, Integer> userIds = new HashMap<>();
        List<UserProfile> users = new ArrayList<>(base.users());
        for (UserProfile u : users) {
            userIds.put(u.rawId(), u.id());
        }
        Set<Interaction> held = new HashSet<>(base.interactions());
        ReadWarnings warnings = new ReadWarnings();
        // every dataset here (and the generator) rates 1 to 5 stars
        RatingRows rows = new RatingRows(file, MovieLens100KReader.MIN_RATING, MovieLens100KReader.MAX_RATING, warnings);
        List<Interaction> later = new ArrayList<>();
        TextLines.forEach(file, StandardCharsets.UTF_8, warnings, (n, line) -> {
            AmazonBooksReader.Review r = parse(file, n, line);
            Integer item = itemIds.get(r.item());
            if (item == null) {
                throw new DataFormatException(file, n, "item id " + r.item() + " is not in the dataset's catalogue: "
                        + TextLines.quote(line));
            }
            float rating = (float) r.rating();
            long time = r.time();
            rows.check(n, line, rating, time);
            int user = userIds.computeIfAbsent(r.user(), raw -> {
                users.add(UserProfile.anonymous(users.size() + 1, raw));
                return users.size();
            });
            Interaction behaviour = new Interaction(user, item, rating, time);
            if (!held.add(behaviour)) {
                warnings.add(file, n, ALREADY_HELD);
                return;
            }
            later.add(behaviour);
        });
        if (later.isEmpty() && warnings.lines().isEmpty()) {
            throw new DataFormatException(file, 0, "no behaviours: the file holds no rating lines");
        }
        List<Interaction> all = new ArrayList<>(base.interactions());
        all.addAll(later);
        List<String> allWarnings = new ArrayList<>(base.warnings());
        allWarnings.addAll(warnings.lines());
        return new RawDataset(base.name(), base.domain(), base.items(), users, all, base.truth().orElse(null), allWarnings);
    }

    /** A rating line (MovieLens's fields) or a review object (Amazon's), as raw ids, rating and seconds. */
    private static AmazonBooksReader.Review parse(Path file, long n, String line) {
        String trimmed = line.trim();
        if (trimmed.startsWith("{")) {
            return AmazonBooksReader.review(file, n, trimmed);
        }
        String[] f = trimmed.contains("::") ? trimmed.split("::", -1) : trimmed.split("\\s+");
        if (f.length != 4) {
            throw new DataFormatException(file, n, "expected 4 fields (user id, item id, rating, timestamp), tab- or"
                    + " '::'-separated, or a review JSON object, got " + f.length + " fields: " + TextLines.quote(line));
        }
        float rating = DataFiles.parseRating(f[2].trim(), file, n, line);
        long time = DataFiles.parseLong(f[3].trim(), file, n, "timestamp", line);
        return new AmazonBooksReader.Review(f[0].trim(), f[1].trim(), rating, time);
    }
}
