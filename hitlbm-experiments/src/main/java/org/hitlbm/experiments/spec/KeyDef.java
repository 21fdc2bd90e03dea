package org.hitlbm.experiments.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One key of the spec schema: its type, range, allowed values, default and a line of help.
 * Defaults may depend on keys declared before them (e.g. the positive-label threshold on the
 * dataset), so a default is a function of the values resolved so far.
 */
public final class KeyDef {
    private final String name;
    private final KeyType type;
    private final String help;
    private Function<Function<String, Object>, Object> defaultValue = lookup -> null;
    private double min = Double.NEGATIVE_INFINITY;
    private double max = Double.POSITIVE_INFINITY;
    private Supplier<List<String>> choices = List::of;
    private final Map<String, KeyDef> children = new LinkedHashMap<>();

    private KeyDef(String name, KeyType type, String help) {
        this.name = name;
        this.type = type;
        this.help = help;
    }

    public static KeyDef of(String name, KeyType type, String help) {
        return new KeyDef(name, type, help);
    }

    public static KeyDef section(String name, String help, KeyDef... keys) {
        KeyDef section = new KeyDef(name, KeyType.SECTION, help);
        for (KeyDef key : keys) {
            section.children.put(key.name, key);
        }
        return section;
    }

    public KeyDef defaultsTo(Object value) {
        this.defaultValue = lookup -> value;
        return this;
    }

    /** A default computed from already-resolved keys (dotted paths). */
    public KeyDef defaultsFrom(Function<Function<String, Object>, Object> rule) {
        this.defaultValue = rule;
        return this;
    }

    public KeyDef range(double min, double max) {
        this.min = min;
        this.max = max;
        return this;
    }

    public KeyDef choices(String... values) {
        List<String> fixed = List.of(values);
        this.choices = () -> fixed;
        return this;
    }

    /** Allowed values looked up when validating (e.g. backbones registered on the class path). */
    public KeyDef choices(Supplier<List<String>> values) {
        this.choices = values;
        return this;
    }

    public String name() {
        return name;
    }

    public KeyType type() {
        return type;
    }

    public String help() {
        return help;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public List<String> choices() {
        return choices.get();
    }

    public Map<String, KeyDef> children() {
        return children;
    }

    public Object defaultValue(Function<String, Object> resolved) {
        return defaultValue.apply(resolved);
    }

    /** The key's type and constraints in words, for error messages and {@code validate --explain}. */
    public String expectation() {
        return switch (type) {
            case CHOICE -> "one of " + String.join(", ", choices());
            case INT, DOUBLE -> type.description() + rangeText();
            default -> type.description();
        };
    }

    private String rangeText() {
        boolean hasMin = min != Double.NEGATIVE_INFINITY;
        boolean hasMax = max != Double.POSITIVE_INFINITY;
        if (hasMin && hasMax) {
            return " in [" + number(min) + ", " + number(max) + "]";
        }
        return hasMin ? " >= " + number(min) : hasMax ? " <= " + number(max) : "";
    }

    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
    }
}
