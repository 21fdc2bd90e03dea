package org.hitlbm.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenWindowsTest {
    private static TokenWindows windows;

    @BeforeAll
    static void loadTokenizer() {
        windows = new TokenWindows(InJarModel.BGE_SMALL_EN_V15);
    }

    @AfterAll
    static void closeTokenizer() {
        windows.close();
    }

    @Test
    void textThatFitsIsOneWindowHoldingTheTextItself() {
        String text = "Romantic comédies, unbelievably lovely films!";
        List<TokenWindows.Window> split = windows.split(text);
        assertEquals(1, split.size());
        assertSame(text, split.get(0).text());
        assertEquals(windows.count(text), split.get(0).tokens());
    }

    @Test
    void longTextIsCutBetweenWordsIntoWindowsThatEachFit() {
        // "unbelievably" is several word pieces: cuts must not fall inside it
        String text = "Romantic comédies, unbelievably lovely films! ".repeat(150);
        List<TokenWindows.Window> split = windows.split(text);
        assertTrue(split.size() >= 3, "windows: " + split.size());
        int total = 0;
        StringBuilder joined = new StringBuilder();
        for (TokenWindows.Window w : split) {
            assertTrue(w.tokens() <= TokenWindows.MAX_TOKENS, "window of " + w.tokens());
            assertEquals(windows.count(w.text()), w.tokens(), "a window re-tokenises to the same word pieces");
            total += w.tokens();
            joined.append(w.text());
        }
        assertEquals(windows.count(text), total, "no word piece lost or repeated");
        assertEquals(text.replaceAll("\\s+", ""), joined.toString().replaceAll("\\s+", ""));
    }

    @Test
    void offsetsPastCharactersOutsideTheBasicPlaneStillCutCleanly() {
        String text = "films \uD83C\uDFAC and popcorn \uD83C\uDF7F tonight ".repeat(200); // emoji are two UTF-16 units
        List<TokenWindows.Window> split = windows.split(text);
        assertTrue(split.size() >= 2);
        StringBuilder joined = new StringBuilder();
        for (TokenWindows.Window w : split) {
            assertTrue(w.text().startsWith("films") || w.text().startsWith("and") || w.text().startsWith("popcorn")
                    || w.text().startsWith("tonight") || w.text().startsWith("\uD83C"), w.text().substring(0, 10));
            joined.append(w.text());
        }
        assertEquals(text.replaceAll("\\s+", ""), joined.toString().replaceAll("\\s+", ""));
    }

    @Test
    void windowSizeOutsideTheModelLimitIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TokenWindows(InJarModel.BGE_SMALL_EN_V15, 511));
    }
}
