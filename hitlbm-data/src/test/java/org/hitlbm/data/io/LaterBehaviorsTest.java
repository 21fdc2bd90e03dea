package org.hitlbm.data.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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

/** Behaviours that arrive later: added after the dataset's own, with every id it gave kept. */
class LaterBehaviorsTest {
    @TempDir
    Path dir;

    private static RawDataset base() {
        List<Item> items = List.of(new Item(1, "i10", "Toy Story (1995)", List.of("Comedy")),
                new Item(2, "i20", "Heat (1995)", List.of("Action")));
        List<UserProfile> users = List.of(new UserProfile(1, "u7", "F", "25", "writer"), UserProfile.anonymous(2, "u9"));
        List<Interaction> rows = List.of(new Interaction(1, 1, 4, 100), new Interaction(2, 2, 2, 150), new Interaction(1, 2, 5, 200));
        return new RawDataset("ml-100k", Domain.MOVIES, items, users, rows, null);
    }

    private Path file(String... lines) {
        return Fixtures.write(dir, "later.tsv", UTF_8, lines);
    }

    @Test
    void laterBehavioursComeAfterTheDatasetsOwnAndANewUserGetsTheNextId() {
        RawDataset later = LaterBehaviors.append(base(), file("u9\ti10\t5\t300", "u3::i20::1::310", "u7 i10 3 320", "u7\ti20\t5\t200"));
        assertEquals(base().interactions(), later.interactions().subList(0, 3), "the dataset's own behaviours, as they were");
        assertEquals(List.of(new Interaction(2, 1, 5, 300), new Interaction(3, 2, 1, 310), new Interaction(1, 1, 3, 320)),
                later.interactions().subList(3, 6), "u7 rating i10 again is a new behaviour");
        assertEquals(6, later.interactions().size(), "u7's rating of i20 at 200 the dataset held already: dropped");
        assertEquals(3, later.numUsers());
        assertEquals("u3", later.user(3).rawId());
        assertEquals(base().users(), later.users().subList(0, 2), "known users keep their ids and profiles");
        assertTrue(later.warnings().stream().anyMatch(w -> w.contains(LaterBehaviors.ALREADY_HELD) && w.contains("later.tsv")),
                later.warnings().toString());
    }

    @Test
    void amazonReviewsAppendAsReadingTheWholeFileWould() {
        String[] earlier = {"{\"reviewerID\": \"A1\", \"asin\": \"B01\", \"overall\": 5.0, \"unixReviewTime\": 100}",
                "{\"reviewerID\": \"A2\", \"asin\": \"B02\", \"overall\": 3.0, \"unixReviewTime\": 150}",
                "{\"reviewerID\": \"A1\", \"asin\": \"B02\", \"overall\": 4.0, \"unixReviewTime\": 160}"};
        String[] later = {"{\"reviewerID\": \"A2\", \"asin\": \"B01\", \"overall\": 2.0, \"unixReviewTime\": 300}",
                "{\"user_id\": \"A3\", \"parent_asin\": \"B01\", \"rating\": 4, \"timestamp\": 310000}"};
        RawDataset base = new AmazonBooksReader(Fixtures.write(dir, "Books.json", UTF_8, earlier), null).read(dir);
        RawDataset appended = LaterBehaviors.append(base, Fixtures.write(dir, "later.json", UTF_8, later));
        String[] all = new String[earlier.length + later.length];
        System.arraycopy(earlier, 0, all, 0, earlier.length);
        System.arraycopy(later, 0, all, earlier.length, later.length);
        RawDataset whole = new AmazonBooksReader(Fixtures.write(dir, "all.json", UTF_8, all), null).read(dir);
        assertEquals(whole.interactions(), appended.interactions(), "2014 and 2023 field names, milliseconds to seconds");
        assertEquals(whole.users(), appended.users());
        assertEquals(new Interaction(3, 1, 4, 310), appended.interactions().get(4));
        DataFormatException broken = assertThrows(DataFormatException.class,
                () -> LaterBehaviors.append(base, Fixtures.write(dir, "bad.json", UTF_8, later[0], "{\"reviewerID\": \"A1\", \"asin\": \"B01\"}")));
        assertTrue(broken.getMessage().contains("bad.json:2") && broken.getMessage().contains("overall"), broken.getMessage());
    }

    @Test
    void anItemOutsideTheCatalogueOrARatingOffTheScaleNamesTheLine() {
        DataFormatException unknown = assertThrows(DataFormatException.class,
                () -> LaterBehaviors.append(base(), file("u7\ti20\t4\t300", "u7\ti99\t4\t301")));
        assertTrue(unknown.getMessage().contains("later.tsv:2") && unknown.getMessage().contains("item id i99"), unknown.getMessage());
        DataFormatException scale = assertThrows(DataFormatException.class,
                () -> LaterBehaviors.append(base(), file("u9\ti10\t6\t300")));
        assertTrue(scale.getMessage().contains("later.tsv:1") && scale.getMessage().contains("outside"), scale.getMessage());
        DataFormatException fields = assertThrows(DataFormatException.class,
                () -> LaterBehaviors.append(base(), file("u9\ti10\t4")));
        assertTrue(fields.getMessage().contains("expected 4 fields"), fields.getMessage());
    }

    @Test
    void theFirstShareOfTheTimeLineKeepsTheBehavioursUpToItsEnd() {
        RawDataset data = base();
        assertSame(data, data.until(1.0));
        // time line 100..200: half of it ends at 150, inclusive
        assertEquals(List.of(new Interaction(1, 1, 4, 100), new Interaction(2, 2, 2, 150)), data.until(0.5).interactions());
        assertEquals(data.users(), data.until(0.5).users(), "users without behaviours then are still the dataset's users");
        assertEquals(150, data.timeAt(0.5));
    }
}
