package org.hitlbm.data;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset as read from its source files: catalogue, users and every rating event, before any
 * filtering, labelling or splitting. Ids are dense and 1-based: {@code items.get(id - 1).id() == id}.
 */
public final class RawDataset implements Serializable {
    private final String name;
    private final Domain domain;
    private final List<Item> items;
    private final List<UserProfile> users;
    private final List<Interaction> interactions;
    private final GroundTruth truth;
    private final List<String> warnings;

    public RawDataset(String name, Domain domain, List<Item> items, List<UserProfile> users,
                      List<Interaction> interactions, GroundTruth truth) {
        this(name, domain, items, users, interactions, truth, List.of());
    }

    /** @param warnings what the reader repaired rather than refused, one line per kind with its count */
    public RawDataset(String name, Domain domain, List<Item> items, List<UserProfile> users,
                      List<Interaction> interactions, GroundTruth truth, List<String> warnings) {
        this.name = Objects.requireNonNull(name);
        this.domain = Objects.requireNonNull(domain);
        this.items = List.copyOf(items);
        this.users = List.copyOf(users);
        this.interactions = List.copyOf(interactions);
        this.truth = truth;
        this.warnings = List.copyOf(warnings);
        for (int i = 0; i < this.items.size(); i++) {
            if (this.items.get(i).id() != i + 1) {
                throw new IllegalArgumentException("item ids must be dense and 1-based; position " + i
                        + " holds id " + this.items.get(i).id());
            }
        }
        for (int i = 0; i < this.users.size(); i++) {
            if (this.users.get(i).id() != i + 1) {
                throw new IllegalArgumentException("user ids must be dense and 1-based; position " + i
                        + " holds id " + this.users.get(i).id());
            }
        }
    }

    public String name() {
        return name;
    }

    public Domain domain() {
        return domain;
    }

    public List<Item> items() {
        return items;
    }

    public Item item(int id) {
        return items.get(id - 1);
    }

    public int numItems() {
        return items.size();
    }

    public List<UserProfile> users() {
        return users;
    }

    public UserProfile user(int id) {
        return users.get(id - 1);
    }

    public int numUsers() {
        return users.size();
    }

    public List<Interaction> interactions() {
        return interactions;
    }

    /**
     * What the reader repaired instead of refusing (duplicate rows dropped, control characters
     * removed, ...), e.g. "u.data: 2 exact duplicate ratings dropped (first at line 7)"; shown in
     * the data summary so a repaired file never passes unnoticed.
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The same catalogue and users with only the behaviours of the first {@code fraction} of the
     * time line (from the earliest to the latest timestamp, inclusive): the data as it stood then.
     */
    public RawDataset until(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction of the time line must be in (0, 1]: " + fraction);
        }
        if (fraction == 1 || interactions.isEmpty()) {
            return this;
        }
        long cutoff = timeAt(fraction);
        return withInteractions(interactions.stream().filter(i -> i.timestamp() <= cutoff).toList(), warnings);
    }

    /** The timestamp that ends the first {@code fraction} of the time line; what {@link #until} keeps is at or before it. */
    public long timeAt(double fraction) {
        long first = interactions.stream().mapToLong(Interaction::timestamp).min().orElse(0);
        long last = interactions.stream().mapToLong(Interaction::timestamp).max().orElse(0);
        return first + (long) Math.floor((last - first) * fraction);
    }

    private RawDataset withInteractions(List<Interaction> kept, List<String> w) {
        return new RawDataset(name, domain, items, users, kept, truth, w);
    }

    /** The generator's true interests; present for synthetic data only. */
    public Optional<GroundTruth> truth() {
        return Optional.ofNullable(truth);
    }
}
