package org.hitlbm.data.io;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hitlbm.data.DataFormatException;
import org.hitlbm.data.DatasetReader;
import org.hitlbm.data.Domain;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.Item;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.UserProfile;

/**
 * MovieLens-1M: {@code ratings.dat}, {@code movies.dat} and (optional) {@code users.dat}, all
 * {@code ::}-separated and ISO-8859-1 encoded, as described in the dataset's README.
 *
 * <p>What the format forbids is a {@link DataFormatException} naming file:line: a rating outside
 * the README's 1..5 stars, a negative timestamp, an unknown MovieID, a {@code ratings.dat} without
 * ratings. What can be repaired is repaired and counted in {@link RawDataset#warnings()}: exact
 * duplicate rows are dropped, a user rating the same movie again keeps the latest rating (the
 * README promises one rating per user and movie), control characters in titles become spaces,
 * and a line that is UTF-8 (a re-saved copy) rather than ISO-8859-1 is read as UTF-8.
 */
public final class MovieLens1MReader implements DatasetReader {
    static final Charset CHARSET = StandardCharsets.ISO_8859_1;
    private static final String SEP = "::";

    @Override
    public String name() {
        return "ml-1m";
    }

    @Override
    public Domain domain() {
        return Domain.MOVIES;
    }

    @Override
    public RawDataset read(Path dir) {
        Path ratingsFile = DataFiles.require(dir, "ratings.dat");
        Path moviesFile = DataFiles.require(dir, "movies.dat");
        Optional<Path> usersFile = DataFiles.find(dir, "users.dat");

        ReadWarnings warnings = new ReadWarnings();
        Map<String, String[]> movies = readMovies(moviesFile, warnings);
        IdIndex users = new IdIndex();
        IdIndex items = new IdIndex();
        RatingRows rows = new RatingRows(ratingsFile, MovieLens100KReader.MIN_RATING, MovieLens100KReader.MAX_RATING,
                warnings);
        TextLines.forEach(ratingsFile, CHARSET, warnings, (n, line) -> {
            String[] f = fields(ratingsFile, n, line, 4, "UserID::MovieID::Rating::Timestamp");
            String movie = f[1].trim();
            if (!movies.containsKey(movie)) {
                throw new DataFormatException(ratingsFile, n, "MovieID " + movie + " is not in "
                        + moviesFile.getFileName() + ": " + TextLines.quote(line));
            }
            float rating = DataFiles.parseRating(f[2], ratingsFile, n, line);
            long time = DataFiles.parseLong(f[3], ratingsFile, n, "Timestamp", line);
            rows.check(n, line, rating, time);
            rows.add(n, users.idOf(f[0].trim()), items.idOf(movie), rating, time);
        });
        List<Interaction> interactions = rows.interactions();

        List<Item> itemList = new ArrayList<>(items.size());
        for (int id = 1; id <= items.size(); id++) {
            String raw = items.rawId(id);
            String[] m = movies.get(raw);
            itemList.add(new Item(id, raw, m[0], genres(m[1])));
        }
        Map<String, UserProfile> profiles = usersFile.map(f -> readUsers(f, warnings)).orElse(Map.of());
        List<UserProfile> userList = new ArrayList<>(users.size());
        for (int id = 1; id <= users.size(); id++) {
            String raw = users.rawId(id);
            UserProfile p = profiles.get(raw);
            userList.add(p == null ? UserProfile.anonymous(id, raw)
                    : new UserProfile(id, raw, p.gender(), p.age(), p.occupation()));
        }
        return new RawDataset(name(), domain(), itemList, userList, interactions, null, warnings.lines());
    }

    /** MovieID -> {title, genres text}. */
    private static Map<String, String[]> readMovies(Path file, ReadWarnings warnings) {
        Map<String, String[]> movies = new HashMap<>();
        TextLines.forEach(file, CHARSET, warnings, (n, line) -> {
            String[] f = fields(file, n, line, 3, "MovieID::Title::Genres");
            movies.put(f[0].trim(), new String[] {TextLines.cleanTitle(f[1].trim(), file, n, warnings), f[2].trim()});
        });
        return movies;
    }

    /** UserID -> profile (the id inside is a placeholder; the caller assigns the dense one). */
    private static Map<String, UserProfile> readUsers(Path file, ReadWarnings warnings) {
        Map<String, UserProfile> profiles = new HashMap<>();
        TextLines.forEach(file, CHARSET, warnings, (n, line) -> {
            String[] f = fields(file, n, line, 5, "UserID::Gender::Age::Occupation::Zip-code");
            String raw = f[0].trim();
            profiles.put(raw, new UserProfile(0, raw, f[1].trim(), MovieLensCodes.age(f[2]),
                    MovieLensCodes.occupation(f[3])));
        });
        return profiles;
    }

    /** "Animation|Children's|Comedy" -> list; the ML-20M+ marker "(no genres listed)" -> empty. */
    private static List<String> genres(String text) {
        if (text.isEmpty() || text.equals("(no genres listed)")) {
            return List.of();
        }
        return Arrays.stream(text.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String[] fields(Path file, long n, String line, int expected, String layout) {
        String[] f = TextLines.split(line, SEP);
        if (f.length != expected) {
            throw new DataFormatException(file, n, "expected " + expected + " '" + SEP + "'-separated fields ("
                    + layout + "), got " + f.length + ": " + TextLines.quote(line));
        }
        return f;
    }
}
