package org.hitlbm.data.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.hitlbm.data.DataFormatException;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.UserProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLens100KReaderTest {
    @TempDir
    Path dir;

    /** 19 flags with the given positions set. */
    private static String flags(int... set) {
        String[] f = new String[19];
        java.util.Arrays.fill(f, "0");
        for (int s : set) {
            f[s] = "1";
        }
        return String.join("|", f);
    }

    private void writeItems() {
        Fixtures.write(dir, "u.item", ISO_8859_1,
                "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|" + flags(3, 4, 5),
                "242|Kolya (1996)|24-Jan-1997||http://us.imdb.com/M/title-exact?Kolya%20(1996)|" + flags(5),
                "1305|Café au Lait (1993)|01-Jan-1993||http://x|" + flags(5, 14),
                "267|unknown||||" + flags(0));
    }

    private void writeData() {
        Fixtures.write(dir, "u.data", ISO_8859_1,
                "196\t242\t3\t881250949",
                "186\t1305\t5\t891717742",
                "196\t1\t1\t881251000");
    }

    @Test
    void readsWithDefaultGenreNamesAndProfiles() {
        writeItems();
        writeData();
        Fixtures.write(dir, "u.user", ISO_8859_1, "196|49|M|writer|55105", "186|39|F|executive|00000");

        RawDataset d = new MovieLens100KReader().read(dir);

        assertEquals("ml-100k", d.name());
        assertEquals(3, d.numItems());
        assertEquals("242", d.item(1).rawId());
        assertEquals("Kolya (1996)", d.item(1).title());
        assertEquals(List.of("Comedy"), d.item(1).genres());
        assertEquals("Café au Lait (1993)", d.item(2).title());
        assertEquals(List.of("Comedy", "Romance"), d.item(2).genres());
        assertEquals(List.of("Animation", "Children's", "Comedy"), d.item(3).genres());
        assertEquals(new UserProfile(1, "196", "M", "49", "writer"), d.user(1));
        assertEquals(new UserProfile(2, "186", "F", "39", "executive"), d.user(2));
        assertEquals(List.of(
                new Interaction(1, 1, 3f, 881250949L),
                new Interaction(2, 2, 5f, 891717742L),
                new Interaction(1, 3, 1f, 881251000L)), d.interactions());
    }

    @Test
    void genreNamesComeFromUGenreWhenPresent() {
        writeItems();
        writeData();
        String[] names = new String[19];
        for (int g = 0; g < 19; g++) {
            names[g] = "G" + g + "|" + g;
        }
        Fixtures.write(dir, "u.genre", ISO_8859_1, names);
        RawDataset d = new MovieLens100KReader().read(dir);
        assertEquals(List.of("G5", "G14"), d.item(2).genres());
        assertEquals(UserProfile.anonymous(1, "196"), d.user(1), "u.user is optional");
    }

    @Test
    void malformedDataLineIsRejected() {
        writeItems();
        Fixtures.write(dir, "u.data", ISO_8859_1, "196\t242\t3\t881250949", "", "186\t302\t3");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new MovieLens100KReader().read(dir));
        assertTrue(e.getMessage().contains("u.data:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 4 tab-separated fields"), e.getMessage());
    }

    @Test
    void nonNumericRatingIsRejected() {
        writeItems();
        Fixtures.write(dir, "u.data", ISO_8859_1, "196\t242\tx\t881250949");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new MovieLens100KReader().read(dir));
        assertTrue(e.getMessage().contains("u.data:1:"), e.getMessage());
        assertTrue(e.getMessage().contains("numeric rating"), e.getMessage());
    }

    @Test
    void unknownItemIsRejected() {
        writeItems();
        Fixtures.write(dir, "u.data", ISO_8859_1, "196\t9999\t3\t881250949");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new MovieLens100KReader().read(dir));
        assertTrue(e.getMessage().contains("u.data:1:"), e.getMessage());
        assertTrue(e.getMessage().contains("9999"), e.getMessage());
    }

    @Test
    void wrongGenreFlagCountIsRejected() {
        Fixtures.write(dir, "u.item", ISO_8859_1, "1|Toy Story (1995)|01-Jan-1995||http://x|0|1");
        writeData();
        DataFormatException e = assertThrows(DataFormatException.class, () -> new MovieLens100KReader().read(dir));
        assertTrue(e.getMessage().contains("u.item:1:"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 24"), e.getMessage());
    }

    @Test
    void missingRatingsFileIsReported() {
        writeItems();
        DataFormatException e = assertThrows(DataFormatException.class, () -> new MovieLens100KReader().read(dir));
        assertEquals(dir.resolve("u.data"), e.file());
        assertTrue(e.getMessage().contains("missing required file"), e.getMessage());
    }
}
