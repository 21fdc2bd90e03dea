package org.hitlbm.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** Issue 13, item 8: text from data files or an LLM reaches the terminal with its control characters made visible. */
class PrintableTest {
    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertEquals("Toy Story\\x1b[2J\\x07 (1995)", Printable.text("Toy Story\u001b[2J\u0007 (1995)"));
        assertEquals("a\\x00b\\x7fc\\u009b31md", Printable.text("a\u0000b\u007fc\u009b31md"), "NUL, DEL and the C1 CSI");
        assertEquals("over\\x0dwrite", Printable.text("over\rwrite"), "a carriage return cannot overwrite the line");
        assertEquals("left\\u202eright\\u2066", Printable.text("left\u202eright\u2066"), "bidirectional overrides");
    }

    @Test
    void tabsNewlinesAndOrdinaryTextAreKept() {
        String ordinary = "Amélie (2001), genres: Comedy | Romance — 5★ 日本";
        assertEquals(ordinary, Printable.text(ordinary));
        assertEquals("one\ttwo\nthree", Printable.text("one\ttwo\nthree"));
        assertEquals("null", Printable.text(null));
    }

    @Test
    void aLineKeepsItsTabButShowsItsNewlines() {
        assertEquals("one\ttwo\\x0athree", Printable.line("one\ttwo\nthree"));
        assertFalse(Printable.line("x\n\u001b").chars().anyMatch(c -> c < 0x20 && c != '\t'));
    }
}
