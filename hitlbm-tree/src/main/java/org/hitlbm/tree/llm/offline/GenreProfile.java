package org.hitlbm.tree.llm.offline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Genre weights that sum to 1, written as the last line of every offline summary
 * ("Interest profile: Drama 0.42, Comedy 0.28") so later prompts, the rating prompts and the
 * evaluation against the synthetic truth can read them back.
 */
public final class GenreProfile {
    public static final String PREFIX = "Interest profile:";
    private static final Pattern ENTRY = Pattern.compile("\\s*(.+?)\\s+([0-9]*\\.?[0-9]+)\\s*");

    private final Map<String, Double> weights;

    private GenreProfile(Map<String, Double> weights) {
        this.weights = weights;
    }

    /** Keeps positive weights only and rescales them to sum to 1; empty input gives an empty profile. */
    public static GenreProfile of(Map<String, Double> raw) {
        double sum = raw.values().stream().mapToDouble(w -> Math.max(0, w)).sum();
        Map<String, Double> w = new LinkedHashMap<>();
        if (sum > 0) {
            raw.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> w.put(e.getKey(), e.getValue() / sum));
        }
        return new GenreProfile(w);
    }

    public static GenreProfile empty() {
        return new GenreProfile(new LinkedHashMap<>());
    }

    /** The last profile line in a text, or empty when there is none. */
    public static GenreProfile parseLast(String text) {
        List<GenreProfile> all = parseAll(text);
        return all.isEmpty() ? empty() : all.get(all.size() - 1);
    }

    /** Every profile line in a text, in order (a seq prompt holds K of them). */
    public static List<GenreProfile> parseAll(String text) {
        List<GenreProfile> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int at = line.indexOf(PREFIX);
            if (at < 0) {
                continue;
            }
            Map<String, Double> w = new LinkedHashMap<>();
            for (String part : line.substring(at + PREFIX.length()).split(",")) {
                Matcher m = ENTRY.matcher(part);
                if (m.matches()) {
                    w.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
                }
            }
            out.add(of(w));
        }
        return out;
    }

    public Map<String, Double> weights() {
        return weights;
    }

    public double weight(String genre) {
        return weights.getOrDefault(genre, 0.0);
    }

    public boolean isEmpty() {
        return weights.isEmpty();
    }

    /** a*this + (1-a)*other, renormalised. */
    public GenreProfile mix(GenreProfile other, double a) {
        Map<String, Double> w = new LinkedHashMap<>();
        weights.forEach((g, x) -> w.merge(g, a * x, Double::sum));
        other.weights.forEach((g, x) -> w.merge(g, (1 - a) * x, Double::sum));
        return of(w);
    }

    /** Genres above {@code floor}, renormalised: what a short summary would mention. */
    public GenreProfile top(double floor) {
        Map<String, Double> w = new LinkedHashMap<>();
        weights.forEach((g, x) -> {
            if (x >= floor) {
                w.put(g, x);
            }
        });
        return w.isEmpty() ? this : of(w);
    }

    public List<String> genresByWeight() {
        List<String> g = new ArrayList<>(weights.keySet());
        g.sort(Comparator.comparingDouble((String x) -> -weights.get(x)).thenComparing(x -> x));
        return g;
    }

    /** "Interest profile: Drama 0.42, Comedy 0.28" (two decimals). */
    public String line() {
        List<String> parts = new ArrayList<>();
        for (String g : genresByWeight()) {
            parts.add(g + " " + String.format(java.util.Locale.ROOT, "%.2f", weights.get(g)));
        }
        return PREFIX + " " + (parts.isEmpty() ? "none" : String.join(", ", parts));
    }

    /** L1 distance between two profiles over the union of their genres (0 = identical, 2 = disjoint). */
    public double distance(GenreProfile other) {
        java.util.Set<String> genres = new java.util.HashSet<>(weights.keySet());
        genres.addAll(other.weights.keySet());
        double d = 0;
        for (String g : genres) {
            d += Math.abs(weight(g) - other.weight(g));
        }
        return d;
    }
}
