package org.hitlbm.experiments.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.hitlbm.experiments.spec.SpecException;

/** The registry of interest sources on the class path, in the order their service file lists them. */
public final class InterestSources {
    private InterestSources() {
    }

    public static List<InterestSource> all() {
        List<InterestSource> found = new ArrayList<>();
        ServiceLoader.load(InterestSource.class).forEach(found::add);
        return found;
    }

    public static List<String> names() {
        return all().stream().map(InterestSource::name).toList();
    }

    public static InterestSource byName(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new SpecException("fusion.interests: unknown source " + name));
    }
}
