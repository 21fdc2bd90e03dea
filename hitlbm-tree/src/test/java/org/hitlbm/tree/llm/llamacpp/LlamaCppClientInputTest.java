package org.hitlbm.tree.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.hitlbm.tree.llm.LlmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input checks that must fail before any native code runs. */
class LlamaCppClientInputTest {
    @TempDir
    Path dir;

    @Test
    void aMissingModelFileIsNamed() {
        Path missing = dir.resolve("no-such-model.gguf");

        LlmException e = assertThrows(LlmException.class,
                () -> new LlamaCppClient(new LlamaCppSettings(missing, 512, 1)));

        assertTrue(e.getMessage().contains(missing.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void aDirectoryIsNotAModelFile() {
        LlmException e = assertThrows(LlmException.class,
                () -> new LlamaCppClient(new LlamaCppSettings(dir, 512, 1)));

        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void settingsRejectNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> new LlamaCppSettings(dir, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new LlamaCppSettings(dir, 512, 0));
        assertThrows(NullPointerException.class, () -> new LlamaCppSettings(null, 512, 1));
    }

    @Test
    void seedsFoldToThirtyTwoBitsWithoutTheRandomSeedMarker() {
        assertEquals(7, LlamaCppClient.nativeSeed(7));
        assertNotEquals(-1, LlamaCppClient.nativeSeed(-1L));
        assertNotEquals(-1, LlamaCppClient.nativeSeed(0xFFFFFFFFL));
        assertNotEquals(LlamaCppClient.nativeSeed(1), LlamaCppClient.nativeSeed(1L + (1L << 32)));
    }
}
