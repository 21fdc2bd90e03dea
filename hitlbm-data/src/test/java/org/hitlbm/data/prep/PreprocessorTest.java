package org.hitlbm.data.prep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.TinyData;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    /** User 1: 10 events at t = 1..10; user 2: 10 events at t = 11..20; user 3: 2 events. */
    private static RawDataset twoActiveUsers() {
        List<long[]> events = new ArrayList<>();
        for (int t = 1; t <= 10; t++) {
            events.add(new long[] {1, t, t % 5 + 1, t});
            events.add(new long[] {2, t, 5 - t % 5, 10 + t});
        }
        events.add(new long[] {3, 1, 5, 3});
        events.add(new long[] {3, 2, 5, 4});
        return TinyData.of(3, 10, events.toArray(long[][]::new));
    }

    @Test
    void dropsUsersBelowTheMinimumAndLabelsByThreshold() {
        PreparedDataset d = new Preprocessor(new PreprocessConfig(5, 0, 3, SplitMode.GLOBAL_TIME, 0.1, 0.1))
                .prepare(twoActiveUsers());
        assertEquals(2, d.numUsers());
        assertEquals(List.of(1, 2), d.histories().stream().map(UserHistory::user).toList());
        UserHistory u1 = d.histories().get(0);
        // ratings t%5+1 for t=1..10: 2,3,4,5,1,2,3,4,5,1 -> positive when > 3
        assertArrayEquals(new byte[] {0, 0, 1, 1, 0, 0, 0, 1, 1, 0}, u1.labels());
    }

    @Test
    void globalSplitCutsAtOneTimestampAndCarvesValidationFromTheTrainingEnd() {
        PreparedDataset d = new Preprocessor(new PreprocessConfig(5, 0, 3, SplitMode.GLOBAL_TIME, 0.1, 0.1))
                .prepare(twoActiveUsers());
        // 20 events at t = 1..20: test starts at the 90% quantile, index 18 -> t = 19
        assertEquals(19, d.testStart());
        // the 18 training events t = 1..18: validation starts at index floor(18*0.9)=16 -> t = 17
        assertEquals(17, d.validationStart());
        UserHistory u2 = d.histories().get(1);
        assertEquals(Split.TRAIN, u2.split(5)); // t = 16
        assertEquals(Split.VALIDATION, u2.split(6)); // t = 17
        assertEquals(Split.VALIDATION, u2.split(7)); // t = 18
        assertEquals(Split.TEST, u2.split(8)); // t = 19
        assertEquals(0, d.histories().get(0).count(Split.TEST), "user 1 lives entirely before the cut");
        assertEquals(2, d.count(Split.TEST));
        assertEquals(2, d.count(Split.VALIDATION));
    }

    @Test
    void eventsSharingTheCutSecondAllGoToTheLaterPeriod() {
        long[][] events = {{1, 1, 5, 1}, {1, 2, 5, 2}, {1, 3, 5, 3}, {1, 4, 5, 3}, {1, 5, 5, 3}};
        PreparedDataset d = new Preprocessor(new PreprocessConfig(1, 0, 3, SplitMode.GLOBAL_TIME, 0.2, 0))
                .prepare(TinyData.of(1, 5, events));
        // quantile index floor(5*0.8) = 4 -> t = 3, so all three events at t = 3 are test
        assertEquals(3, d.count(Split.TEST));
    }

    @Test
    void perUserSplitTakesEachUsersOwnTail() {
        PreparedDataset d = new Preprocessor(new PreprocessConfig(5, 0, 3, SplitMode.PER_USER_TIME, 0.1, 0.1))
                .prepare(twoActiveUsers());
        for (UserHistory h : d.histories()) {
            // 10 events: 1 test (the last), round(9*0.1) = 1 validation before it
            assertEquals(Split.TEST, h.split(9));
            assertEquals(Split.VALIDATION, h.split(8));
            assertEquals(Split.TRAIN, h.split(7));
        }
        assertEquals(-1, d.testStart());
    }

    @Test
    void itemFilterRunsBeforeTheUserFilter() {
        // item 1 rated by both users, items 2..4 once each; user 1 has 3 ratings, user 2 has 2
        long[][] events = {{1, 1, 5, 1}, {1, 2, 5, 2}, {1, 3, 5, 3}, {2, 1, 5, 4}, {2, 4, 5, 5}};
        PreparedDataset d = new Preprocessor(new PreprocessConfig(2, 2, 3, SplitMode.GLOBAL_TIME, 0.5, 0))
                .prepare(TinyData.of(2, 4, events));
        // only item 1 survives the item filter, leaving each user 1 rating: both dropped
        assertEquals(0, d.numUsers());
    }

    @Test
    void historiesAreInTimeOrderWithFileOrderBreakingTies() {
        long[][] events = {{1, 3, 5, 20}, {1, 1, 5, 10}, {1, 2, 4, 20}};
        PreparedDataset d = new Preprocessor(new PreprocessConfig(1, 0, 3, SplitMode.GLOBAL_TIME, 0.5, 0))
                .prepare(TinyData.of(1, 3, events));
        assertArrayEquals(new int[] {1, 3, 2}, d.histories().get(0).items());
        assertArrayEquals(new long[] {10, 20, 20}, d.histories().get(0).timestamps());
    }
}
