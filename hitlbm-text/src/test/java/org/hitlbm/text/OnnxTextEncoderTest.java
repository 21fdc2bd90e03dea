package org.hitlbm.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loads the real in-jar models through the registry, so each loads once per test JVM. */
class OnnxTextEncoderTest {

    @Test
    void everyModelGives384WideUnitVectorsInInputOrder() {
        List<String> texts = List.of("I love romantic comedies", "the quarterly tax report is due", "jazz");
        for (InJarModel model : InJarModel.values()) {
            TextEncoder encoder = Encoders.byName(model.encoderName());
            assertEquals(384, encoder.dimension(), model.encoderName());
            float[][] vectors = encoder.encode(texts);
            assertEquals(3, vectors.length, model.encoderName());
            for (float[] v : vectors) {
                assertEquals(384, v.length, model.encoderName());
                assertEquals(1.0, Vectors.norm(v), 1e-5, model.encoderName());
            }
            // order is kept: encoding one text alone gives the same vector as its slot in the batch
            assertArrayEquals(vectors[1], encoder.encode(List.of(texts.get(1)))[0], 1e-6f, model.encoderName());
        }
    }

    @Test
    void bgeRanksTheRelatedSentenceAboveTheUnrelatedOne() {
        float[][] v = Encoders.byName("bge-small-en-v1.5").encode(List.of("I love romantic comedies",
                "romance and comedy films are my favourite", "the quarterly tax report is due"));
        assertTrue(Vectors.cosine(v[0], v[1]) > Vectors.cosine(v[0], v[2]),
                "related " + Vectors.cosine(v[0], v[1]) + " vs unrelated " + Vectors.cosine(v[0], v[2]));
    }

    @Test
    void matchesTheStockLangchain4jModelBitForBit() {
        List<String> texts = List.of("I love romantic comedies", "space opera with large casts");
        float[][] ours = Encoders.byName("bge-small-en-v1.5-q").encode(texts);
        BgeSmallEnV15QuantizedEmbeddingModel stock = new BgeSmallEnV15QuantizedEmbeddingModel(Runnable::run);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(stock.embed(TextSegment.from(texts.get(i))).content().vector(), ours[i]);
        }
    }

    @Test
    void truncatesAfter510WordPieces() {
        String longText = LongTexts.filmsThenTaxes();
        TokenWindows windows = new TokenWindows(InJarModel.BGE_SMALL_EN_V15_Q);
        String firstWindow = windows.split(longText).get(0).text();
        TextEncoder encoder = Encoders.byName("bge-small-en-v1.5-q");
        float[][] v = encoder.encode(List.of(longText, firstWindow));
        assertArrayEquals(v[1], v[0], 1e-6f, "only the first 510 word pieces count");
    }

    @Test
    void blankTextIsRejectedNamingItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Encoders.byName("bge-small-en-v1.5-q").encode(List.of("fine", "  ")));
        assertTrue(e.getMessage().contains("text 1 of 2"), e.getMessage());
        assertTrue(e.getMessage().contains("bge-small-en-v1.5-q"), e.getMessage());
    }

    @Test
    void emptyBatchGivesNoVectors() {
        assertEquals(0, Encoders.byName("bge-small-en-v1.5-q").encode(List.of()).length);
    }
}
