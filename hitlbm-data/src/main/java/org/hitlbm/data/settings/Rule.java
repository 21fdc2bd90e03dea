package org.hitlbm.data.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A setting's allowed values, in words (for errors and {@code list}) and as a test, with the rules
 * that backbone, fusion and spec settings share: an integer or number in a range, a dropout rate,
 * a choice, layer widths written as "200,80".
 */
public record Rule(String expectation, Predicate<Object> test) {
    /** The widest layer (or embedding) a spec may ask for. */
    public static final int MAX_WIDTH = 4096;
    /** The widest hidden layer in a list of layer widths. */
    public static final int MAX_UNITS = 65536;
    /** The most layers in a list of layer widths. */
    public static final int MAX_LAYERS = 32;

    public boolean allows(Object value) {
        return value != null && test.test(value);
    }

    /** Adds a problem when {@code value} breaks {@code rule} (no rule: nothing to check). */
    public static void problemOf(Rule rule, String param, Object value, List<Problem> problems) {
        if (rule != null && !rule.allows(value)) {
            problems.add(new Problem(param, "expected " + rule.expectation() + ", got " + shown(value)));
        }
    }

    public static Rule intIn(int min, int max) {
        return new Rule("an integer in [" + min + ", " + max + "]", v -> v instanceof Number n && isWhole(n)
                && n.longValue() >= min && n.longValue() <= max);
    }

    /** A number in [min, max]. */
    public static Rule numberIn(double min, double max) {
        return new Rule("a number in [" + number(min) + ", " + number(max) + "]",
                v -> v instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max);
    }

    /** A dropout rate: 0 <= p < 1 (1 would drop everything). */
    public static Rule rate() {
        return new Rule("a number in [0, 1)", v -> v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() < 1);
    }

    /** A number in (0, max]. */
    public static Rule above0UpTo(double max) {
        return new Rule("a number in (0, " + number(max) + "]", v -> v instanceof Number n && n.doubleValue() > 0 && n.doubleValue() <= max);
    }

    public static Rule flag() {
        return new Rule("true or false", v -> v instanceof Boolean);
    }

    public static Rule oneOf(String... values) {
        List<String> allowed = Arrays.asList(values);
        return new Rule("one of " + String.join(", ", values), v -> v instanceof String s && allowed.contains(s));
    }

    public static Rule oneOfIgnoringCase(String... values) {
        return new Rule("one of " + String.join(", ", values),
                v -> v instanceof String s && Arrays.stream(values).anyMatch(a -> a.equalsIgnoreCase(s.trim())));
    }

    /** Layer widths as {@code Mlp.parseUnits} reads them: "200,80"; {@code emptyAllowed}: "" is no hidden layer. */
    public static Rule units(boolean emptyAllowed) {
        String words = "comma-separated layer widths, each an integer in [1, " + MAX_UNITS + "], at most " + MAX_LAYERS
                + " of them, e.g. \"200,80\"" + (emptyAllowed ? " (\"\" = no hidden layer)" : "");
        return new Rule(words, v -> v instanceof String s && validUnits(s, emptyAllowed));
    }

    private static boolean validUnits(String text, boolean emptyAllowed) {
        if (text.isBlank()) {
            return emptyAllowed;
        }
        String[] parts = text.split(",", -1);
        if (parts.length > MAX_LAYERS) {
            return false;
        }
        for (String part : parts) {
            String p = part.trim();
            if (!p.matches("[0-9]{1,6}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > MAX_UNITS) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhole(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
    }

    /** A value for an error message: text quoted, at most 40 characters, control characters made visible. */
    public static String shown(Object value) {
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (!(value instanceof String s)) {
            return String.valueOf(value);
        }
        return "'" + org.hitlbm.data.io.Printable.shortened(s, 40) + "'";
    }
}
