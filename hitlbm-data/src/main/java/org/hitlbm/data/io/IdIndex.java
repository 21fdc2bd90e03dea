package org.hitlbm.data.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Assigns dense 1-based ids to raw ids in order of first appearance (0 stays free for padding). */
final class IdIndex {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> raw = new ArrayList<>();

    /** The dense id of {@code rawId}, assigning the next one if it is new. */
    int idOf(String rawId) {
        Integer id = ids.get(rawId);
        if (id == null) {
            raw.add(rawId);
            id = raw.size();
            ids.put(rawId, id);
        }
        return id;
    }

    boolean contains(String rawId) {
        return ids.containsKey(rawId);
    }

    int size() {
        return raw.size();
    }

    /** The raw id of dense id {@code id} (1-based). */
    String rawId(int id) {
        return raw.get(id - 1);
    }
}
