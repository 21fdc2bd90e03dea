package org.hitlbm.data.io;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hitlbm.data.DataFormatException;
import org.hitlbm.data.DatasetReader;
import org.hitlbm.data.Domain;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.Item;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.UserProfile;

/**
 * MovieLens-100K: {@code u.data} (tab-separated ratings), {@code u.item} ({@code |}-separated,
 * genres as 0/1 flags), optional {@code u.genre} (flag names) and {@code u.user}; ISO-8859-1.
 *
 * <p>What the format forbids is a {@link DataFormatException} naming file:line: a rating outside
 * 1..5, a negative timestamp, an unknown item, a {@code u.data} without ratings. What can be
 * repaired is repaired and counted in {@link RawDataset#warnings()}: exact duplicate rows are
 * dropped, a user rating the same movie again keeps the latest rating (see {@code RatingRows}),
 * control characters in titles become spaces, and a line that is UTF-8 (a re-saved copy) rather
 * than ISO-8859-1 is read as UTF-8 (see {@code TextLines.forEach}).
 */
public final class MovieLens100KReader implements DatasetReader {
    private static final Charset CHARSET = StandardCharsets.ISO_8859_1;
    /** id|title|release date|video release date|IMDb URL come before the genre flags. */
    private static final int ITEM_LEADING_FIELDS = 5;
    /** The star scale of every MovieLens release. */
    static final float MIN_RATING = 1;
    static final float MAX_RATING = 5;

    @Override
    public String name() {
        return "ml-100k";
    }

    @Override
    public Domain domain() {
        return Domain.MOVIES;
    }

    @Override
    public RawDataset read(Path dir) {
        Path dataFile = DataFiles.require(dir, "u.data");
        Path itemFile = DataFiles.require(dir, "u.item");
        ReadWarnings warnings = new ReadWarnings();
        List<String> genreNames = DataFiles.find(dir, "u.genre").map(f -> readGenres(f, warnings))
                .orElse(MovieLensCodes.GENRES_100K);
        Map<String, Item> catalogue = readItems(itemFile, genreNames, warnings);

        IdIndex users = new IdIndex();
        IdIndex items = new IdIndex();
        RatingRows rows = new RatingRows(dataFile, MIN_RATING, MAX_RATING, warnings);
        TextLines.forEach(dataFile, CHARSET, warnings, (n, line) -> {
            // The published file is tab-separated; any whitespace is accepted so a re-saved copy still reads.
            String[] f = line.trim().split("\\s+");
            if (f.length != 4) {
                throw new DataFormatException(dataFile, n, "expected 4 tab-separated fields (user id, item id, "
                        + "rating, timestamp), got " + f.length + ": " + TextLines.quote(line));
            }
            if (!catalogue.containsKey(f[1])) {
                throw new DataFormatException(dataFile, n, "item id " + f[1] + " is not in "
                        + itemFile.getFileName() + ": " + TextLines.quote(line));
            }
            float rating = DataFiles.parseRating(f[2], dataFile, n, line);
            long time = DataFiles.parseLong(f[3], dataFile, n, "timestamp", line);
            rows.check(n, line, rating, time);
            rows.add(n, users.idOf(f[0]), items.idOf(f[1]), rating, time);
        });
        List<Interaction> interactions = rows.interactions();

        List<Item> itemList = new ArrayList<>(items.size());
        for (int id = 1; id <= items.size(); id++) {
            Item it = catalogue.get(items.rawId(id));
            itemList.add(new Item(id, it.rawId(), it.title(), it.genres()));
        }
        Map<String, UserProfile> profiles = DataFiles.find(dir, "u.user").map(f -> readUsers(f, warnings))
                .orElse(Map.of());
        List<UserProfile> userList = new ArrayList<>(users.size());
        for (int id = 1; id <= users.size(); id++) {
            String raw = users.rawId(id);
            UserProfile p = profiles.get(raw);
            userList.add(p == null ? UserProfile.anonymous(id, raw)
                    : new UserProfile(id, raw, p.gender(), p.age(), p.occupation()));
        }
        return new RawDataset(name(), domain(), itemList, userList, interactions, null, warnings.lines());
    }

    /** u.genre lines are "name|index"; names are returned in index order. */
    private static List<String> readGenres(Path file, ReadWarnings warnings) {
        TreeMap<Long, String> byIndex = new TreeMap<>();
        TextLines.forEach(file, CHARSET, warnings, (n, line) -> {
            String[] f = TextLines.split(line, "|");
            if (f.length != 2) {
                throw new DataFormatException(file, n, "expected 2 '|'-separated fields (name|index), got "
                        + f.length + ": " + TextLines.quote(line));
            }
            byIndex.put(DataFiles.parseLong(f[1], file, n, "genre index", line), f[0].trim());
        });
        long expected = 0;
        for (long index : byIndex.keySet()) {
            if (index != expected++) {
                throw new DataFormatException(file, 0, "genre indices must be 0.." + (byIndex.size() - 1)
                        + " without gaps, found " + byIndex.keySet());
            }
        }
        return List.copyOf(byIndex.values());
    }

    /** Raw item id -> item (with a placeholder dense id). */
    private static Map<String, Item> readItems(Path file, List<String> genreNames, ReadWarnings warnings) {
        int expected = ITEM_LEADING_FIELDS + genreNames.size();
        Map<String, Item> items = new HashMap<>();
        TextLines.forEach(file, CHARSET, warnings, (n, line) -> {
            String[] f = TextLines.split(line, "|");
            if (f.length != expected) {
                throw new DataFormatException(file, n, "expected " + expected + " '|'-separated fields (movie id|"
                        + "title|release date|video release date|IMDb URL|" + genreNames.size()
                        + " genre flags), got " + f.length + ": " + TextLines.quote(line));
            }
            List<String> genres = new ArrayList<>();
            for (int g = 0; g < genreNames.size(); g++) {
                String flag = f[ITEM_LEADING_FIELDS + g].trim();
                if (flag.equals("1")) {
                    genres.add(genreNames.get(g));
                } else if (!flag.equals("0")) {
                    throw new DataFormatException(file, n, "expected genre flag 0 or 1 for " + genreNames.get(g)
                            + ", got '" + flag + "': " + TextLines.quote(line));
                }
            }
            String raw = f[0].trim();
            items.put(raw, new Item(1, raw, TextLines.cleanTitle(f[1].trim(), file, n, warnings), genres));
        });
        return items;
    }

    /** u.user lines are "id|age|gender|occupation|zip". */
    private static Map<String, UserProfile> readUsers(Path file, ReadWarnings warnings) {
        Map<String, UserProfile> profiles = new HashMap<>();
        TextLines.forEach(file, CHARSET, warnings, (n, line) -> {
            String[] f = TextLines.split(line, "|");
            if (f.length != 5) {
                throw new DataFormatException(file, n, "expected 5 '|'-separated fields (user id|age|gender|"
                        + "occupation|zip code), got " + f.length + ": " + TextLines.quote(line));
            }
            String raw = f[0].trim();
            profiles.put(raw, new UserProfile(0, raw, f[2].trim(), f[1].trim(), f[3].trim()));
        });
        return profiles;
    }
}
