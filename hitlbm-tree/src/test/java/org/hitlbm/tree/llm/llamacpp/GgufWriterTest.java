package org.hitlbm.tree.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesTheV3HeaderAndAlignedTensorData() throws Exception {
        Path file = dir.resolve("t.gguf");
        new GgufWriter()
                .put("general.architecture", "llama")
                .tensor("a", new float[] {1, 2, 3}, 3)
                .tensor("b", new float[] {4, 5, 6, 7, 8, 9}, 3, 2)
                .write(file);

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("GGUF", new String(bytes.array(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(3, bytes.getInt(4));
        assertEquals(2, bytes.getLong(8));
        assertEquals(1, bytes.getLong(16));
        // tensor "a" padded to 32 bytes, then tensor "b" (24 bytes) padded to 32
        assertEquals(0, bytes.capacity() % GgufWriter.ALIGNMENT);
        int dataStart = bytes.capacity() - 64;
        assertEquals(1f, bytes.getFloat(dataStart));
        assertEquals(4f, bytes.getFloat(dataStart + 32));
        assertEquals(9f, bytes.getFloat(dataStart + 32 + 20));
    }

    @Test
    void rejectsDataThatDoesNotFillTheShape() {
        assertThrows(IllegalArgumentException.class, () -> new GgufWriter().tensor("w", new float[5], 2, 3));
    }
}
