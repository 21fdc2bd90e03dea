package org.hitlbm.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncodersTest {

    @Test
    void namesCoverNoneTheFourModelsAndTheirLongVariants() {
        assertEquals(List.of("none", "bge-small-en-v1.5", "bge-small-en-v1.5-q", "all-minilm-l6-v2", "e5-small-v2-q",
                "bge-small-en-v1.5-long", "bge-small-en-v1.5-q-long", "all-minilm-l6-v2-long", "e5-small-v2-q-long"),
                Encoders.names());
    }

    @Test
    void unknownNameIsRejectedListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Encoders.byName("bge-large"));
        assertTrue(e.getMessage().contains("'bge-large'"), e.getMessage());
        for (String name : Encoders.names()) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Encoders.byName(null));
    }

    @Test
    void eachNameIsLoadedOnceAndSurvivesACallerClosingIt() {
        TextEncoder first = Encoders.byName("bge-small-en-v1.5-q");
        try (TextEncoder again = Encoders.byName("bge-small-en-v1.5-q")) {
            assertSame(first, again);
        }
        assertEquals(1, first.encode(List.of("still usable after close")).length);
    }

    @Test
    void concurrentFirstLookupsShareOneInstance() throws Exception {
        TextEncoder[] got = new TextEncoder[2];
        Thread a = new Thread(() -> got[0] = Encoders.byName("all-minilm-l6-v2-long"));
        Thread b = new Thread(() -> got[1] = Encoders.byName("all-minilm-l6-v2-long"));
        a.start();
        b.start();
        a.join();
        b.join();
        assertSame(got[0], got[1]);
    }

    @Test
    void noEncoderGivesEmptyVectors() {
        TextEncoder none = Encoders.byName("none");
        assertEquals("none", none.name());
        assertEquals(0, none.dimension());
        float[][] v = none.encode(List.of("a", "b", "c"));
        assertEquals(3, v.length);
        for (float[] x : v) {
            assertEquals(0, x.length);
        }
        assertEquals(0, none.encode(List.of()).length);
    }
}
