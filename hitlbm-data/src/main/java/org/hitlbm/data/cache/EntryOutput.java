package org.hitlbm.data.cache;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The writing side of {@link EntryInput}: big-endian numbers, length-prefixed UTF-8 and arrays. */
public final class EntryOutput {
    private static final int CHUNK = 1 << 14;
    private final DataOutputStream out;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK * Long.BYTES);

    EntryOutput(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    public void writeInt(int v) throws IOException {
        out.writeInt(v);
    }

    public void writeLong(long v) throws IOException {
        out.writeLong(v);
    }

    public void writeFloat(float v) throws IOException {
        out.writeFloat(v);
    }

    public void writeDouble(double v) throws IOException {
        out.writeDouble(v);
    }

    public void writeBoolean(boolean v) throws IOException {
        out.writeBoolean(v);
    }

    /** Length-prefixed UTF-8; null is length -1. Not {@link DataOutputStream#writeUTF}: that stops at 64 KB. */
    public void writeString(String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public void writeStrings(List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            writeString(v);
        }
    }

    public void writeBytes(byte[] a) throws IOException {
        out.writeInt(a.length);
        out.write(a);
    }

    public void writeInts(int[] a) throws IOException {
        out.writeInt(a.length);
        for (int i = 0; i < a.length; i += CHUNK) {
            int n = Math.min(CHUNK, a.length - i);
            buffer.clear();
            buffer.asIntBuffer().put(a, i, n);
            out.write(buffer.array(), 0, n * Integer.BYTES);
        }
    }

    public void writeLongs(long[] a) throws IOException {
        out.writeInt(a.length);
        for (int i = 0; i < a.length; i += CHUNK) {
            int n = Math.min(CHUNK, a.length - i);
            buffer.clear();
            buffer.asLongBuffer().put(a, i, n);
            out.write(buffer.array(), 0, n * Long.BYTES);
        }
    }

    public void writeFloats(float[] a) throws IOException {
        out.writeInt(a.length);
        for (int i = 0; i < a.length; i += CHUNK) {
            int n = Math.min(CHUNK, a.length - i);
            buffer.clear();
            buffer.asFloatBuffer().put(a, i, n);
            out.write(buffer.array(), 0, n * Float.BYTES);
        }
    }

    void flush() throws IOException {
        out.flush();
    }
}
