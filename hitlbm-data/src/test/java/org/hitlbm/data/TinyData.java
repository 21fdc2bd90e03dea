package org.hitlbm.data;

import java.util.ArrayList;
import java.util.List;

/** Hand-made datasets small enough to compute expected results by hand. */
public final class TinyData {
    private TinyData() {
    }

    /** {@code events} rows are {user, item, rating, timestamp}; items get genre "G" + (id % 3). */
    public static RawDataset of(int users, int items, long[][] events) {
        List<Item> itemList = new ArrayList<>();
        for (int i = 1; i <= items; i++) {
            itemList.add(new Item(i, "i" + i, "Item " + i, List.of("G" + (i % 3))));
        }
        List<UserProfile> userList = new ArrayList<>();
        for (int u = 1; u <= users; u++) {
            userList.add(new UserProfile(u, "u" + u, u % 2 == 0 ? "F" : "M", "25-34", null));
        }
        List<Interaction> interactions = new ArrayList<>();
        for (long[] e : events) {
            interactions.add(new Interaction((int) e[0], (int) e[1], e[2], e[3]));
        }
        return new RawDataset("tiny", Domain.MOVIES, itemList, userList, interactions, null);
    }
}
