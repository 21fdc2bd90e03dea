package org.hitlbm.data.chunk;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hitlbm.data.prep.UserHistory;

/** Cuts time-ordered histories into CUBE chunks. */
public final class Chunker {
    private final ChunkingConfig config;

    public Chunker(ChunkingConfig config) {
        this.config = config;
    }

    public UserChunks chunk(UserHistory history) {
        List<Integer> ends = config.mode() == ChunkMode.COUNT ? countEnds(history.size()) : monthEnds(history.timestamps());
        int[] endArray = ends.stream().mapToInt(Integer::intValue).toArray();
        long[] last = new long[endArray.length];
        for (int c = 0; c < endArray.length; c++) {
            last[c] = history.timestamps()[endArray[c] - 1];
        }
        return new UserChunks(history.user(), endArray, last);
    }

    private List<Integer> countEnds(int n) {
        List<Integer> ends = new ArrayList<>();
        for (int end = config.size(); end < n + config.size(); end += config.size()) {
            ends.add(Math.min(end, n));
        }
        return ends;
    }

    private static List<Integer> monthEnds(long[] timestamps) {
        List<Integer> ends = new ArrayList<>();
        for (int i = 1; i <= timestamps.length; i++) {
            if (i == timestamps.length || !month(timestamps[i]).equals(month(timestamps[i - 1]))) {
                ends.add(i);
            }
        }
        return ends;
    }

    private static YearMonth month(long epochSeconds) {
        return YearMonth.from(Instant.ofEpochSecond(epochSeconds).atZone(ZoneOffset.UTC));
    }
}
