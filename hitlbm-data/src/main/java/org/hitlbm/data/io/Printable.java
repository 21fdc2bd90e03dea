package org.hitlbm.data.io;

/**
 * Text from data files or LLM answers (a title, an interest, a user id) as it may be printed to a
 * terminal: control characters are shown, not sent, so a title holding {@code ESC [2J} or BEL
 * cannot clear the screen, ring the bell, set the window title or overwrite a line. The notation
 * is that of {@link VisibleControls} (which guards the CLI's whole output): C0 controls and DEL
 * as {@code \x1b}, {@code \x07}, {@code \x0d}, {@code \x7f}; C1 controls (U+0080..U+009F, e.g.
 * the single-character CSI) and the bidirectional overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069, which reorder what the reader sees) as a backslash, {@code u} and four hex
 * digits.
 * Tab is kept: it only moves to the next column, and tabs are ordinary in data files. Newline is
 * kept by {@link #text} (interests span lines) and shown by {@link #line} (one field, one line).
 * A backslash is printed as it is, so the shown form is for reading, not for parsing back.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code value} with its control characters shown; newlines and tabs kept. */
    public static String text(Object value) {
        return visible(String.valueOf(value), true);
    }

    /** {@code value} on one line: as {@link #text}, and a newline shown as {@code \x0a}. */
    public static String line(Object value) {
        return visible(String.valueOf(value), false);
    }

    private static String visible(String s, boolean keepNewlines) {
        int i = 0;
        while (i < s.length() && !shown(s.charAt(i), keepNewlines)) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!shown(c, keepNewlines)) {
                b.append(c);
            } else if (c < 0x20 || c == 0x7F) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    /** True for a character that is escaped rather than printed. */
    private static boolean shown(char c, boolean keepNewlines) {
        if (c == '\t' || (c == '\n' && keepNewlines)) {
            return false;
        }
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /** For error messages: at most {@code max} code points, then "..."; line breaks, tabs and other control or format characters escaped. */
    public static String shortened(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            if (count++ == max) {
                out.append("...");
                break;
            }
            int c = text.codePointAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    int type = Character.getType(c);
                    if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                            || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
