package org.hitlbm.data.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.hitlbm.data.DataFormatException;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.RawDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data that used to load silently and wrongly: each case is now an error or a counted warning. */
class BadDataTest {
    @TempDir
    Path dir;

    private static String flags(int... set) {
        String[] f = new String[19];
        Arrays.fill(f, "0");
        for (int s : set) {
            f[s] = "1";
        }
        return String.join("|", f);
    }

    private void writeItems100K(String... titles) {
        String[] lines = new String[titles.length];
        for (int i = 0; i < titles.length; i++) {
            lines[i] = (i + 1) + "|" + titles[i] + "|01-Jan-1995||http://x|" + flags(5);
        }
        Fixtures.write(dir, "u.item", ISO_8859_1, lines);
    }

    private RawDataset read100K(String... ratings) {
        writeItems100K("Toy Story (1995)", "GoldenEye (1995)", "Four Rooms (1995)");
        Fixtures.write(dir, "u.data", ISO_8859_1, ratings);
        return new MovieLens100KReader().read(dir);
    }

    private DataFormatException fails100K(String... ratings) {
        return assertThrows(DataFormatException.class, () -> read100K(ratings));
    }

    private void writeMovies1M() {
        Fixtures.write(dir, "movies.dat", ISO_8859_1, "1::Toy Story (1995)::Comedy", "2::Heat (1995)::Action");
    }

    private DataFormatException fails1M(String... ratings) {
        writeMovies1M();
        Fixtures.write(dir, "ratings.dat", ISO_8859_1, ratings);
        return assertThrows(DataFormatException.class, () -> new MovieLens1MReader().read(dir));
    }

    private static String review(String user, String asin, String rating, String time) {
        return "{\"reviewerID\": \"" + user + "\", \"asin\": \"" + asin + "\", \"overall\": " + rating
                + ", \"unixReviewTime\": " + time + "}";
    }

    private DataFormatException failsAmazon(String... reviews) {
        Fixtures.write(dir, "Books_5.json", UTF_8, reviews);
        return assertThrows(DataFormatException.class, () -> new AmazonBooksReader().read(dir));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing in: " + e.getMessage());
        }
    }

    // --- no ratings -------------------------------------------------------------------------

    @Test
    void anEmptyMovieLens100KRatingsFileIsNoRatings() {
        DataFormatException e = fails100K("");
        assertEquals(dir.resolve("u.data"), e.file());
        assertMentions(e, "no ratings");
    }

    @Test
    void anEmptyMovieLens1MRatingsFileIsNoRatings() {
        DataFormatException e = fails1M("", "  ");
        assertEquals(dir.resolve("ratings.dat"), e.file());
        assertMentions(e, "no ratings");
    }

    @Test
    void anAmazonFileWithoutReviewsIsNoRatings() {
        DataFormatException e = failsAmazon("", "");
        assertEquals(dir.resolve("Books_5.json"), e.file());
        assertMentions(e, "no ratings");
    }

    // --- duplicates -------------------------------------------------------------------------

    @Test
    void exactDuplicateRowsAreDroppedAndCounted() {
        RawDataset d = read100K("1\t1\t4\t100", "1\t2\t3\t101", "1\t1\t4\t100", "2\t1\t5\t102", "1\t1\t4\t100");
        assertEquals(List.of(new Interaction(1, 1, 4f, 100), new Interaction(1, 2, 3f, 101),
                new Interaction(2, 1, 5f, 102)), d.interactions());
        assertEquals(List.of("u.data: 2 exact duplicate ratings dropped (first at line 3)"), d.warnings());
    }

    @Test
    void theSameUserAndItemRatedAgainKeepsTheLatestRating() {
        RawDataset d = read100K("1\t1\t4\t200", "1\t2\t3\t101", "1\t1\t2\t100", "1\t1\t5\t300");
        assertEquals(List.of(new Interaction(1, 2, 3f, 101), new Interaction(1, 1, 5f, 300)), d.interactions());
        assertEquals(List.of("u.data: 2 repeated ratings of one user and item with another rating or time "
                + "(the latest kept) (first at line 3)"), d.warnings());
    }

    @Test
    void amazonRepeatedReviewsOfOneBookKeepTheLatest() {
        Fixtures.write(dir, "Books_5.json", UTF_8,
                review("A", "B1", "3.0", "100"), review("A", "B1", "3.0", "100"), review("A", "B1", "5.0", "50"));
        RawDataset d = new AmazonBooksReader().read(dir);
        assertEquals(List.of(new Interaction(1, 1, 3f, 100)), d.interactions());
        assertEquals(2, d.warnings().size(), d.warnings().toString());
    }

    // --- scale and time ---------------------------------------------------------------------

    @Test
    void ratingsOutsideTheScaleNameFileLineAndRange() {
        DataFormatException e = fails100K("1\t1\t4\t100", "1\t2\t99\t101");
        assertEquals(2, e.line());
        assertMentions(e, "u.data:2:", "99", "1..5");
        e = fails1M("1::1::-7::100");
        assertMentions(e, "ratings.dat:1:", "-7", "1..5");
        e = failsAmazon(review("A", "B1", "4.0", "100"), review("A", "B2", "0", "100"));
        assertMentions(e, "Books_5.json:2:", "1..5");
    }

    @Test
    void negativeTimestampsNameFileAndLine() {
        assertMentions(fails100K("1\t1\t4\t-5"), "u.data:1:", "timestamp");
        assertMentions(fails1M("1::1::4::100", "1::2::4::-1"), "ratings.dat:2:", "timestamp");
        assertMentions(failsAmazon(review("A", "B1", "4.0", "-86400")), "Books_5.json:1:", "timestamp");
        Fixtures.write(dir, "Books.jsonl", UTF_8, "{\"rating\": 4, \"asin\": \"X\", \"user_id\": \"U\", \"timestamp\": -2000}");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new AmazonBooksReader(dir.resolve("Books.jsonl"), null).read(dir));
        assertMentions(e, "Books.jsonl:1:", "timestamp");
    }

    // --- text -------------------------------------------------------------------------------

    @Test
    void controlCharactersInTitlesAreRemoved() {
        writeItems100K("Toy\u0000Story (1995)", "Gold\u0007en\u0001Eye (1995)");
        Fixtures.write(dir, "u.data", ISO_8859_1, "1\t1\t4\t100", "1\t2\t4\t101");
        RawDataset d = new MovieLens100KReader().read(dir);
        assertEquals("Toy Story (1995)", d.item(1).title());
        assertEquals("Gold en Eye (1995)", d.item(2).title());
        assertEquals(List.of("u.item: 2 " + TextLines.CONTROL_CHARACTERS + " (first at line 1)"), d.warnings());
    }

    @Test
    void aUtf8ResavedMovieLensFileIsNotTurnedIntoMojibake() {
        Fixtures.write(dir, "movies.dat", UTF_8, "1::Café au Lait (1993)::Comedy");
        Fixtures.write(dir, "ratings.dat", ISO_8859_1, "1::1::4::100");
        RawDataset d = new MovieLens1MReader().read(dir);
        assertEquals("Café au Lait (1993)", d.item(1).title());
        assertEquals(List.of("movies.dat: 1 lines in UTF-8 rather than the documented ISO-8859-1 (read as UTF-8) "
                + "(first at line 1)"), d.warnings());
    }

    @Test
    void theDocumentedIso88591ReadsWithoutWarnings() {
        writeItems100K("Café au Lait (1993)", "Misérables, Les (1995)");
        Fixtures.write(dir, "u.data", ISO_8859_1, "1\t1\t4\t100", "1\t2\t4\t101");
        RawDataset d = new MovieLens100KReader().read(dir);
        assertEquals("Café au Lait (1993)", d.item(1).title());
        assertEquals("Misérables, Les (1995)", d.item(2).title());
        assertEquals(List.of(), d.warnings());
    }

    @Test
    void malformedUtf8InAmazonIsCountedNotSilent() throws IOException {
        Fixtures.write(dir, "Books_5.json", UTF_8, review("A", "B1", "4.0", "100"));
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        meta.write("{\"asin\": \"B1\", \"title\": \"Caf".getBytes(UTF_8));
        meta.write(new byte[] {(byte) 0xe9, ' '}); // ISO-8859-1 é inside a UTF-8 file
        meta.write("au Lait\"}\n".getBytes(UTF_8));
        Files.write(dir.resolve("meta_Books.json"), meta.toByteArray());
        RawDataset d = new AmazonBooksReader().read(dir);
        assertEquals("Caf\ufffd au Lait", d.item(1).title());
        assertEquals(List.of("meta_Books.json: 1 " + TextLines.MALFORMED_UTF8 + " (first at line 1)"), d.warnings());
    }

    @Test
    void lineNumbersCountCrLfAndCrEndingsAsReadLineDoes() {
        writeItems100K("Toy Story (1995)", "GoldenEye (1995)");
        Fixtures.write(dir, "u.data", ISO_8859_1, "1\t1\t4\t100\r\n1\t2\t4\t101\r\r\n\r\n1\t2\t99\t102");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new MovieLens100KReader().read(dir));
        assertEquals(5, e.line(), e.getMessage());
    }

    @Test
    void theDataSummaryShowsTheWarnings() {
        RawDataset d = read100K("1\t1\t4\t100", "1\t1\t4\t100", "1\t2\t3\t101", "1\t3\t5\t102");
        String summary = new org.hitlbm.data.DataPipeline(
                new org.hitlbm.data.prep.PreprocessConfig(1, 0, 3, org.hitlbm.data.prep.SplitMode.PER_USER_TIME, 0.3, 0),
                org.hitlbm.data.chunk.ChunkingConfig.byCount(2), 2).prepare(d).stats().toString();
        assertTrue(summary.endsWith("; data warnings: u.data: 1 exact duplicate ratings dropped (first at line 2)"), summary);
    }

    @Test
    void aSecondJsonObjectOnOneLineIsTrailingData() {
        DataFormatException e = failsAmazon(review("A", "B1", "4.0", "100"),
                review("A", "B2", "4.0", "100") + review("A", "B3", "4.0", "100"));
        assertEquals(2, e.line());
        assertMentions(e, "Books_5.json:2:", "trailing data after the JSON object");
    }

    // --- gzip -------------------------------------------------------------------------------

    @Test
    void aTruncatedGzipFileIsBadDataNamingTheFile() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append(review("U" + (i % 37), "B" + i, "4.0", Integer.toString(1000 + i))).append('\n');
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.toString().getBytes(UTF_8));
        }
        byte[] whole = bytes.toByteArray();
        Path file = Files.write(dir.resolve("Books_5.json.gz"), Arrays.copyOf(whole, whole.length / 2));

        DataFormatException e = assertThrows(DataFormatException.class, () -> new AmazonBooksReader().read(dir));

        assertEquals(file, e.file());
        assertMentions(e, "gzip");
    }

    @Test
    void aGzipNameOnAPlainFileIsBadData() throws IOException {
        Path file = Files.writeString(dir.resolve("Books_5.json.gz"), review("A", "B1", "4.0", "100"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> new AmazonBooksReader().read(dir));
        assertEquals(file, e.file());
        assertMentions(e, "gzip");
    }
}
