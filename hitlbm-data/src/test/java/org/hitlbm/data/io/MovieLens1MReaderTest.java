package org.hitlbm.data.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.hitlbm.data.DataFormatException;
import org.hitlbm.data.Domain;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.UserProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLens1MReaderTest {
    @TempDir
    Path dir;

    private void writeMovies() {
        Fixtures.write(dir, "movies.dat", ISO_8859_1,
                "1::Toy Story (1995)::Animation|Children's|Comedy",
                "1193::One Flew Over the Cuckoo's Nest (1975)::Drama",
                "2::Misérables, Les (1995)::Drama|Musical",
                "99::Never Rated (1990)::Horror");
    }

    private void writeRatings() {
        Fixtures.write(dir, "ratings.dat", ISO_8859_1,
                "10::1193::5::978300760",
                "",
                "10::2::3::978302109",
                "6040::1::4::956703932",
                "10::1::1::978301968");
    }

    @Test
    void readsItemsUsersAndRatingsWithDenseIdsInOrderOfFirstAppearance() {
        writeMovies();
        writeRatings();
        Fixtures.write(dir, "users.dat", ISO_8859_1,
                "10::F::1::10::48067",
                "6040::M::25::6::11106",
                "77::M::56::20::55455");

        RawDataset d = new MovieLens1MReader().read(dir);

        assertEquals("ml-1m", d.name());
        assertEquals(Domain.MOVIES, d.domain());
        assertEquals(3, d.numItems(), "the never-rated movie is not an item");
        assertEquals("1193", d.item(1).rawId());
        assertEquals("One Flew Over the Cuckoo's Nest (1975)", d.item(1).title());
        assertEquals("Misérables, Les (1995)", d.item(2).title(), "ISO-8859-1 accents survive");
        assertEquals(List.of("Drama", "Musical"), d.item(2).genres());
        assertEquals(List.of("Animation", "Children's", "Comedy"), d.item(3).genres());

        assertEquals(2, d.numUsers());
        assertEquals(new UserProfile(1, "10", "F", "Under 18", "K-12 student"), d.user(1));
        assertEquals(new UserProfile(2, "6040", "M", "25-34", "doctor/health care"), d.user(2));

        assertEquals(List.of(
                new Interaction(1, 1, 5f, 978300760L),
                new Interaction(1, 2, 3f, 978302109L),
                new Interaction(2, 3, 4f, 956703932L),
                new Interaction(1, 3, 1f, 978301968L)), d.interactions(), "file order is kept");
        assertTrue(d.truth().isEmpty());
    }

    @Test
    void usersFileIsOptional() {
        writeMovies();
        writeRatings();
        RawDataset d = new MovieLens1MReader().read(dir);
        assertEquals(UserProfile.anonymous(2, "6040"), d.user(2));
        assertNull(d.user(1).gender());
    }

    @Test
    void malformedRatingLineNamesFileLineAndContent() {
        writeMovies();
        Fixtures.write(dir, "ratings.dat", ISO_8859_1, "10::1193::5::978300760", "1::1193::5");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new MovieLens1MReader().read(dir));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("ratings.dat:2:"), e.getMessage());
        assertTrue(e.getMessage().contains(
                "expected 4 '::'-separated fields (UserID::MovieID::Rating::Timestamp), got 3: '1::1193::5'"),
                e.getMessage());
    }

    @Test
    void nonNumericRatingIsRejected() {
        writeMovies();
        Fixtures.write(dir, "ratings.dat", ISO_8859_1, "10::1193::five::978300760");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new MovieLens1MReader().read(dir));
        assertTrue(e.getMessage().contains("ratings.dat:1:"), e.getMessage());
        assertTrue(e.getMessage().contains("numeric rating"), e.getMessage());
    }

    @Test
    void nonNumericTimestampIsRejected() {
        writeMovies();
        Fixtures.write(dir, "ratings.dat", ISO_8859_1, "10::1193::4::yesterday");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new MovieLens1MReader().read(dir));
        assertTrue(e.getMessage().contains("ratings.dat:1:"), e.getMessage());
        assertTrue(e.getMessage().contains("Timestamp"), e.getMessage());
    }

    @Test
    void unknownMovieIdIsRejectedAtTheRatingLine() {
        writeMovies();
        Fixtures.write(dir, "ratings.dat", ISO_8859_1, "10::1193::5::978300760", "10::4242::5::978300761");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new MovieLens1MReader().read(dir));
        assertTrue(e.getMessage().contains("ratings.dat:2:"), e.getMessage());
        assertTrue(e.getMessage().contains("4242"), e.getMessage());
    }

    @Test
    void missingMoviesFileIsReportedWithTheDirectory() {
        writeRatings();
        DataFormatException e = assertThrows(DataFormatException.class, () -> new MovieLens1MReader().read(dir));
        assertEquals(0, e.line());
        assertEquals(dir.resolve("movies.dat"), e.file());
        assertTrue(e.getMessage().contains("missing required file; expected movies.dat in " + dir), e.getMessage());
    }

    @Test
    void malformedUsersLineIsRejected() {
        writeMovies();
        writeRatings();
        Fixtures.write(dir, "users.dat", ISO_8859_1, "10::F::1::10");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new MovieLens1MReader().read(dir));
        assertTrue(e.getMessage().contains("users.dat:1:"), e.getMessage());
    }
}
