package org.hitlbm.data.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.hitlbm.data.prep.UserHistory;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static UserHistory history(long... timestamps) {
        int n = timestamps.length;
        return new UserHistory(7, new int[n], new float[n], timestamps, new byte[n], new byte[n]);
    }

    private static long day(int year, int month, int day) {
        return LocalDate.of(year, month, day).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    @Test
    void countModeMakesChunksOfLWithAShorterTail() {
        UserChunks c = new Chunker(ChunkingConfig.byCount(3)).chunk(history(1, 2, 3, 4, 5, 6, 7, 8));
        assertArrayEquals(new int[] {3, 6, 8}, c.ends());
        assertEquals(3, c.count());
        assertEquals(2, c.length(2));
        assertArrayEquals(new long[] {3, 6, 8}, c.lastTimestamps());
    }

    @Test
    void countModeWithAnExactMultipleHasNoEmptyChunk() {
        UserChunks c = new Chunker(ChunkingConfig.byCount(2)).chunk(history(1, 2, 3, 4));
        assertArrayEquals(new int[] {2, 4}, c.ends());
    }

    @Test
    void monthModeMakesOneChunkPerCalendarMonthWithBehaviors() {
        UserChunks c = new Chunker(ChunkingConfig.byMonth()).chunk(history(
                day(2000, 1, 5), day(2000, 1, 31), day(2000, 2, 1), day(2000, 4, 10), day(2000, 4, 11), day(2001, 4, 1)));
        assertArrayEquals(new int[] {2, 3, 5, 6}, c.ends(), "Jan, Feb, Apr 2000 and Apr 2001 (March has nothing)");
    }

    @Test
    void aChunkIsVisibleOnlyWhenAllItsBehaviorsAreStrictlyEarlier() {
        UserChunks c = new Chunker(ChunkingConfig.byCount(2)).chunk(history(1, 2, 3, 4, 4, 5));
        // chunks end at t = 2, 4, 5
        assertEquals(0, c.visibleBefore(2));
        assertEquals(1, c.visibleBefore(3));
        assertEquals(1, c.visibleBefore(4), "the chunk ending at t=4 holds a behavior at t=4");
        assertEquals(2, c.visibleBefore(5));
        assertEquals(3, c.visibleBefore(6));
    }
}
