package org.hitlbm.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderBenchTest {

    @Test
    void syntheticTextsAreFixedAndInterestSized() {
        List<String> texts = SyntheticInterestTexts.generate(300);
        assertEquals(texts, SyntheticInterestTexts.generate(300));
        assertEquals(300, texts.stream().distinct().count());
        for (String t : texts) {
            int words = t.split("\\s+").length;
            assertTrue(words >= 60 && words <= 120, words + " words: " + t);
        }
    }

    @Test
    void reportsOneRowPerEncoderAndPrintsIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<EncoderBench.Row> rows = EncoderBench.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                List.of("none", "bge-small-en-v1.5-q"), 8);
        assertEquals(List.of("none", "bge-small-en-v1.5-q"), rows.stream().map(EncoderBench.Row::encoder).toList());
        assertEquals(0, rows.get(0).dimension());
        assertEquals(384, rows.get(1).dimension());
        assertTrue(rows.get(1).textsPerSecond() > 0);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("bge-small-en-v1.5-q") && printed.contains("texts/s"), printed);
        assertThrows(IllegalArgumentException.class, () -> EncoderBench.run(System.out, List.of("none"), 0));
    }
}
