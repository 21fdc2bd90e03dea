package org.hitlbm.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowedTextEncoderTest {
    private static final String BASE = "bge-small-en-v1.5-q";

    @Test
    void shortTextGetsExactlyTheBaseVector() {
        List<String> texts = List.of("I love romantic comedies", "the quarterly tax report is due");
        float[][] base = Encoders.byName(BASE).encode(texts);
        float[][] windowed = Encoders.byName(BASE + "-long").encode(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(base[i], windowed[i]);
        }
    }

    @Test
    void longTextAlsoSeesWhatTruncationDrops() {
        String longText = LongTexts.filmsThenTaxes();
        TokenWindows windows = new TokenWindows(InJarModel.BGE_SMALL_EN_V15_Q);
        assertTrue(windows.count(longText) > 800, "test text must be well past one window: " + windows.count(longText));
        float[] truncated = Encoders.byName(BASE).encode(List.of(longText))[0];
        float[] windowed = Encoders.byName(BASE + "-long").encode(List.of(longText))[0];
        float[] taxes = Encoders.byName(BASE).encode(List.of("taxes, invoices and accounting"))[0];

        assertFalse(Arrays.equals(truncated, windowed));
        assertEquals(1.0, Vectors.norm(windowed), 1e-5);
        assertTrue(Vectors.cosine(windowed, taxes) > Vectors.cosine(truncated, taxes) + 0.05,
                "windowed " + Vectors.cosine(windowed, taxes) + " vs truncated " + Vectors.cosine(truncated, taxes));
    }

    @Test
    void namedAfterItsBase() {
        TextEncoder long1 = Encoders.byName(BASE + "-long");
        assertEquals("bge-small-en-v1.5-q-long", long1.name());
        assertEquals(384, long1.dimension());
    }
}
