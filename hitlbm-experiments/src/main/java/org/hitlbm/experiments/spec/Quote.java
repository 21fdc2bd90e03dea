package org.hitlbm.experiments.spec;

import java.util.List;
import java.util.Map;

/**
 * Text from a spec in an error message: at most the offending token, short, on one line, with
 * control characters made visible, so an error never echoes a file's content (e.g.
 * {@code extends: /etc/passwd}) or breaks the one-line message.
 */
final class Quote {
    /** The most characters of a value quoted in a message. */
    static final int TOKEN = 40;
    /** The most characters of a key or a name (keys are longer than values, e.g. backbone.params.embeddingDim). */
    static final int KEY = 80;

    private Quote() {
    }

    /** 'text', cut to {@link #TOKEN} characters. */
    static String token(String text) {
        return "'" + visible(text, TOKEN) + "'";
    }

    /** A key or path as written, cut to {@link #KEY} characters, not quoted. */
    static String key(String text) {
        return visible(text, KEY);
    }

    /** A plain value (as {@link Located#plain()} gives it) in words: text quoted and short, collections by kind. */
    static String plain(Object value) {
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        return value instanceof String s ? token(s) : String.valueOf(value);
    }

    /** What a value is, without any of its content: for a whole document that is not a spec. */
    static String kind(Located value) {
        Object v = value.value();
        if (value.isMap()) {
            return "a mapping";
        }
        if (value.isList()) {
            return "a list";
        }
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Number) {
            return "a number";
        }
        return v instanceof Boolean ? "true or false" : "text";
    }

    /** At most {@code max} code points, then "..."; control and format characters escaped ({@link org.hitlbm.data.io.Printable#shortened}). */
    static String visible(String text, int max) {
        return org.hitlbm.data.io.Printable.shortened(text, max);
    }
}
