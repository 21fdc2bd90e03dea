package org.hitlbm.backbones;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The registry of backbones on the class path. */
public final class Backbones {
    private Backbones() {
    }

    public static List<Backbone> all() {
        List<Backbone> found = new ArrayList<>();
        ServiceLoader.load(Backbone.class).forEach(found::add);
        found.sort(Comparator.comparing(Backbone::name));
        return found;
    }

    public static List<String> names() {
        return all().stream().map(Backbone::name).toList();
    }

    public static Backbone byName(String name) {
        return all().stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown backbone '" + name + "'; registered: "
                        + all().stream().map(Backbone::name).collect(Collectors.joining(", "))));
    }
}
