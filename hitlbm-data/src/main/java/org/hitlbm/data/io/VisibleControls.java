package org.hitlbm.data.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * An output stream for terminals that shows control characters instead of sending them: text
 * from data files and LLM answers (titles with ESC or BEL, say) must not move the cursor, clear
 * the screen or ring the bell. Newline and tab pass; every other C0 byte, DEL and the UTF-8 C1
 * controls (U+0080..U+009F) are written as {@code \x1b}, {@code \x7f}, {@code \u009b}.
 */
public final class VisibleControls extends FilterOutputStream {
    private boolean afterC2;

    private VisibleControls(OutputStream out) {
        super(out);
    }

    /** A UTF-8 print stream over {@code out} that shows control characters; autoflush as a console's. */
    public static PrintStream wrap(PrintStream out) {
        return new PrintStream(new VisibleControls(out), true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) throws IOException {
        int c = b & 0xFF;
        if (afterC2) {
            afterC2 = false;
            if (c >= 0x80 && c <= 0x9F) {
                out.write(String.format("\\u%04x", c).getBytes(StandardCharsets.US_ASCII));
                return;
            }
            out.write(0xC2);
        }
        if (c == 0xC2) {
            afterC2 = true; // decided by the next byte
        } else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
            out.write(String.format("\\x%02x", c).getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write(c);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    /** A pending 0xC2 lead byte waits for its continuation, which the same character always brings. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
