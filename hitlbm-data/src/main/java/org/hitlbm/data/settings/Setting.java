package org.hitlbm.data.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One declared setting: its type, range, allowed values, default and a line of help. The one
 * mechanism behind every key of the spec schema and every param a backbone or fusion takes
 * ({@code backbone.params}, {@code fusion.params}): a param declared here is checked by
 * {@code validate}, shown by {@code list} and defaulted, with nothing to repeat elsewhere.
 * Defaults may depend on keys declared before them (e.g. the positive-label threshold on the
 * dataset), so a default is a function of the values resolved so far.
 */
public final class Setting {
    private final String name;
    private final SettingType type;
    private final String help;
    private Function<Function<String, Object>, Object> defaultValue = lookup -> null;
    private double min = Double.NEGATIVE_INFINITY;
    private double max = Double.POSITIVE_INFINITY;
    private Supplier<List<String>> choices = List::of;
    private Rule rule;
    private final Map<String, Setting> children = new LinkedHashMap<>();

    private Setting(String name, SettingType type, String help) {
        this.name = name;
        this.type = type;
        this.help = help;
    }

    public static Setting of(String name, SettingType type, String help) {
        return new Setting(name, type, help);
    }

    public static Setting section(String name, String help, Setting... keys) {
        Setting section = new Setting(name, SettingType.SECTION, help);
        for (Setting key : keys) {
            section.children.put(key.name, key);
        }
        return section;
    }

    public Setting defaultsTo(Object value) {
        this.defaultValue = lookup -> value;
        return this;
    }

    /** A default computed from already-resolved keys (dotted paths). */
    public Setting defaultsFrom(Function<Function<String, Object>, Object> rule) {
        this.defaultValue = rule;
        return this;
    }

    public Setting range(double min, double max) {
        this.min = min;
        this.max = max;
        return this;
    }

    public Setting choices(String... values) {
        List<String> fixed = List.of(values);
        this.choices = () -> fixed;
        return this;
    }

    /** Allowed values looked up when validating (e.g. backbones registered on the class path). */
    public Setting choices(Supplier<List<String>> values) {
        this.choices = values;
        return this;
    }

    /**
     * A rule beyond type, range and choices (a dropout rate's open end, layer widths written as
     * "200,80"); its expectation replaces the derived one in messages.
     */
    public Setting rule(Rule extra) {
        this.rule = extra;
        return this;
    }

    public String name() {
        return name;
    }

    public SettingType type() {
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

    public Map<String, Setting> children() {
        return children;
    }

    public Object defaultValue(Function<String, Object> resolved) {
        return defaultValue.apply(resolved);
    }

    /** The key's type and constraints in words, for error messages and {@code validate --explain}. */
    public String expectation() {
        if (rule != null) {
            return rule.expectation();
        }
        return switch (type) {
            case CHOICE -> "one of " + String.join(", ", choices());
            case INT, DOUBLE -> type.description() + rangeText();
            default -> type.description();
        };
    }

    /** Whether {@code value} (a param as written, or a default) has this setting's type and meets its constraints. */
    public boolean allows(Object value) {
        if (rule != null) {
            return rule.allows(value);
        }
        return switch (type) {
            case INT -> value instanceof Number n && isWhole(n) && n.longValue() >= min && n.longValue() <= max;
            case DOUBLE -> value instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max;
            case BOOL -> value instanceof Boolean;
            case STRING -> value instanceof String;
            case CHOICE -> value instanceof String s && choices().contains(s);
            case OPEN_MAP -> value instanceof Map;
            case SECTION -> false;
        };
    }

    // ---- params: a backbone's or fusion's settings, a flat list in declaration order ----

    /** An integer param in [min, max]. */
    public static Setting integer(String name, int defaultValue, int min, int max, String help) {
        return of(name, SettingType.INT, help).range(min, max).defaultsTo(defaultValue);
    }

    /** A number param in [min, max]. */
    public static Setting number(String name, double defaultValue, double min, double max, String help) {
        return of(name, SettingType.DOUBLE, help).range(min, max).defaultsTo(defaultValue);
    }

    /** A number param under its own rule (a dropout rate, an open interval). */
    public static Setting number(String name, double defaultValue, Rule rule, String help) {
        return of(name, SettingType.DOUBLE, help).rule(rule).defaultsTo(defaultValue);
    }

    public static Setting flag(String name, boolean defaultValue, String help) {
        return of(name, SettingType.BOOL, help).defaultsTo(defaultValue);
    }

    public static Setting choice(String name, String defaultValue, String help, String... values) {
        return of(name, SettingType.CHOICE, help).choices(values).defaultsTo(defaultValue);
    }

    /** A text param under its own rule (layer widths, a choice read case-insensitively). */
    public static Setting text(String name, String defaultValue, Rule rule, String help) {
        return of(name, SettingType.STRING, help).rule(rule).defaultsTo(defaultValue);
    }

    /** The params' defaults by name, in declaration order (the order they are written into configs). */
    public static Map<String, Object> defaults(List<Setting> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Setting p : params) {
            out.put(p.name(), p.defaultValue(k -> null));
        }
        return out;
    }

    /** Every value in {@code values} (given values over defaults) that breaks its param's declaration. */
    public static List<Problem> check(List<Setting> params, Map<String, Object> values) {
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            for (Setting p : params) {
                if (p.name().equals(e.getKey()) && !p.allows(e.getValue())) {
                    problems.add(new Problem(p.name(), "expected " + p.expectation() + ", got " + Rule.shown(e.getValue())));
                }
            }
        }
        return problems;
    }

    /**
     * {@code value} as a written param becomes: the default's type (Integer, Double, Boolean,
     * String; whole numbers widen to Double, numbers read as text), or null when it cannot.
     */
    public static Object convertLike(Object template, Object value) {
        if (template instanceof Integer) {
            return value instanceof Long n && n <= Integer.MAX_VALUE && n >= Integer.MIN_VALUE ? Integer.valueOf(n.intValue())
                    : value instanceof Integer || value instanceof Short ? Integer.valueOf(((Number) value).intValue()) : null;
        }
        if (template instanceof Double) {
            return value instanceof Number n ? n.doubleValue() : null;
        }
        if (template instanceof Boolean) {
            return value instanceof Boolean ? value : null;
        }
        return value instanceof String || value instanceof Number ? value.toString() : null;
    }

    /** The type of a param's default in words. */
    public static String typeName(Object template) {
        return template instanceof Integer ? "an integer" : template instanceof Double ? "a number"
                : template instanceof Boolean ? "true or false" : "text";
    }

    private static boolean isWhole(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
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
