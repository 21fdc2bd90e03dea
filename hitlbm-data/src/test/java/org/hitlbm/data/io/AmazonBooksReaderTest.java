package org.hitlbm.data.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.hitlbm.data.DataFormatException;
import org.hitlbm.data.Domain;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.Item;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.UserProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmazonBooksReaderTest {
    @TempDir
    Path dir;

    @Test
    void reads2014ReviewsWithPythonLiteralMetadata() {
        Fixtures.write(dir, "reviews_Books_5.json", UTF_8,
                "{\"reviewerID\": \"A1\", \"asin\": \"000100039X\", \"reviewerName\": \"Ann \\\"Reader\\\"\", "
                        + "\"helpful\": [0, 0], \"reviewText\": \"Lovely.\", \"overall\": 5.0, \"summary\": \"Yes\", "
                        + "\"unixReviewTime\": 1203984000, \"reviewTime\": \"02 26, 2008\"}",
                "{\"reviewerID\": \"A2\", \"asin\": \"0001055178\", \"overall\": 3.0, \"unixReviewTime\": 1370217600}",
                "{\"reviewerID\": \"A1\", \"asin\": \"0001055178\", \"overall\": 4.0, \"unixReviewTime\": 1370304000}");
        Fixtures.write(dir, "meta_Books.json", UTF_8,
                "{'asin': '000100039X', 'title': \"Harry's Garden: a Gardener\\'s Tale\", "
                        + "'salesRank': {'Books': 6334800}, 'imUrl': 'http://x.jpg', "
                        + "'categories': [['Books', 'Literature & Fiction', 'Poetry']]}",
                "{'asin': '0001055178', 'categories': [['Books']], 'related': {'also_bought': ['1', '2']}}",
                "{'asin': 'NOTREVIEWED', 'title': 'Ignored', 'categories': [['Books', 'Other']]}");

        RawDataset d = new AmazonBooksReader().read(dir);

        assertEquals("amazon-books", d.name());
        assertEquals(Domain.BOOKS, d.domain());
        assertEquals(List.of(
                new Item(1, "000100039X", "Harry's Garden: a Gardener's Tale", List.of("Literature & Fiction", "Poetry")),
                new Item(2, "0001055178", "0001055178", List.of("Books"))), d.items());
        assertEquals(List.of(UserProfile.anonymous(1, "A1"), UserProfile.anonymous(2, "A2")), d.users());
        assertEquals(List.of(
                new Interaction(1, 1, 5f, 1203984000L),
                new Interaction(2, 2, 3f, 1370217600L),
                new Interaction(1, 2, 4f, 1370304000L)), d.interactions());
    }

    @Test
    void reads2018GzippedReviewsAndStrictJsonMetadata() {
        Fixtures.write(dir, "Books_5.json.gz", UTF_8,
                "{\"overall\": 5.0, \"verified\": true, \"reviewTime\": \"03 30, 2014\", \"reviewerID\": \"R9\", "
                        + "\"asin\": \"1495329321\", \"style\": {\"Format:\": \" Paperback\"}, \"unixReviewTime\": 1396137600}");
        Fixtures.write(dir, "meta_Books.json.gz", UTF_8,
                "{\"category\": [\"Books\", \"Teen & Young Adult\", \"Romance\"], \"title\": \"Beyond Café Ümlaut\", "
                        + "\"brand\": \"Visit Amazon's Page\", \"asin\": \"1495329321\"}");

        RawDataset d = new AmazonBooksReader().read(dir);

        assertEquals(new Item(1, "1495329321", "Beyond Café Ümlaut", List.of("Teen & Young Adult", "Romance")), d.item(1));
        assertEquals(new Interaction(1, 1, 5f, 1396137600L), d.interactions().get(0));
    }

    @Test
    void reads2023FieldNamesFromExplicitPaths() {
        Path reviews = Fixtures.write(dir, "Books.jsonl", UTF_8,
                "{\"rating\": 4.0, \"title\": \"ok\", \"text\": \"fine\", \"asin\": \"B01VARIANT\", "
                        + "\"parent_asin\": \"B01PARENT\", \"user_id\": \"AGXYZ\", \"timestamp\": 1588687728923, "
                        + "\"helpful_vote\": 2, \"verified_purchase\": true}",
                "{\"rating\": 2, \"asin\": \"B02ONLY\", \"user_id\": \"AGXYZ\", \"timestamp\": 1600000000000}");
        Path meta = Fixtures.write(dir, "books_meta_2023.jsonl", UTF_8,
                "{\"main_category\": \"Books\", \"title\": \"The Dragon Atlas\", \"average_rating\": 4.5, "
                        + "\"categories\": [\"Books\", \"Science Fiction & Fantasy\", \"Fantasy\"], "
                        + "\"parent_asin\": \"B01PARENT\"}");

        RawDataset d = new AmazonBooksReader(reviews, meta).read(Path.of("ignored"));

        assertEquals(new Item(1, "B01PARENT", "The Dragon Atlas", List.of("Science Fiction & Fantasy", "Fantasy")),
                d.item(1));
        assertEquals(new Item(2, "B02ONLY", "B02ONLY", List.of()), d.item(2), "no metadata: title is the ASIN");
        assertEquals(List.of(
                new Interaction(1, 1, 4f, 1588687728L),
                new Interaction(1, 2, 2f, 1600000000L)), d.interactions(), "milliseconds become seconds");
    }

    @Test
    void anySingleJsonLinesFileIsTakenAsTheReviews() {
        Fixtures.write(dir, "my_reviews.jsonl", UTF_8,
                "{\"reviewerID\": \"A1\", \"asin\": \"X\", \"overall\": 1, \"unixReviewTime\": 5}");
        RawDataset d = new AmazonBooksReader().read(dir);
        assertEquals(1, d.interactions().size());
    }

    @Test
    void twoCandidateReviewFilesAreAmbiguous() {
        Fixtures.write(dir, "a.json", UTF_8, "{}");
        Fixtures.write(dir, "b.jsonl", UTF_8, "{}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new AmazonBooksReader().read(dir));
        assertTrue(e.getMessage().contains("a.json") && e.getMessage().contains("b.jsonl"), e.getMessage());
    }

    @Test
    void invalidJsonLineIsRejected() {
        Fixtures.write(dir, "Books_5.json", UTF_8,
                "{\"reviewerID\": \"A1\", \"asin\": \"X\", \"overall\": 1, \"unixReviewTime\": 5}",
                "{\"reviewerID\": \"A2\", \"asin\": ");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new AmazonBooksReader().read(dir));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("Books_5.json:2:"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid JSON"), e.getMessage());
    }

    @Test
    void missingRequiredFieldIsRejected() {
        Fixtures.write(dir, "Books_5.json", UTF_8, "{\"reviewerID\": \"A1\", \"overall\": 1, \"unixReviewTime\": 5}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new AmazonBooksReader().read(dir));
        assertTrue(e.getMessage().contains("Books_5.json:1:"), e.getMessage());
        assertTrue(e.getMessage().contains("missing required field parent_asin or asin"), e.getMessage());
    }

    @Test
    void nonNumericRatingIsRejected() {
        Fixtures.write(dir, "Books_5.json", UTF_8,
                "{\"reviewerID\": \"A1\", \"asin\": \"X\", \"overall\": \"great\", \"unixReviewTime\": 5}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new AmazonBooksReader().read(dir));
        assertTrue(e.getMessage().contains("Books_5.json:1:"), e.getMessage());
        assertTrue(e.getMessage().contains("expected a number in field 'overall'"), e.getMessage());
    }

    @Test
    void invalidMetadataLineIsRejected() {
        Fixtures.write(dir, "Books_5.json", UTF_8,
                "{\"reviewerID\": \"A1\", \"asin\": \"X\", \"overall\": 1, \"unixReviewTime\": 5}");
        Fixtures.write(dir, "meta_Books.json", UTF_8, "{'asin': 'X', 'title': ");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new AmazonBooksReader().read(dir));
        assertTrue(e.getMessage().contains("meta_Books.json:1:"), e.getMessage());
    }

    @Test
    void missingReviewsFileIsReported() {
        Fixtures.write(dir, "meta_Books.json", UTF_8, "{'asin': 'X'}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> new AmazonBooksReader().read(dir));
        assertEquals(0, e.line());
        assertTrue(e.getMessage().contains("missing required file"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }
}
