package org.hitlbm.data.cache;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads what {@link EntryOutput} wrote, without trusting any length in the entry: arrays grow
 * as their elements actually arrive, so a declared length of two billion in a short file ends
 * in an {@link java.io.EOFException} (a miss), not in a two-billion-element allocation.
 */
public final class EntryInput {
    private static final int CHUNK = 1 << 14;
    /** No string in a prepared dataset comes near this; a longer one is damage. */
    private static final int MAX_STRING_BYTES = 1 << 24;
    private final DataInputStream in;
    private final byte[] buffer = new byte[CHUNK * Long.BYTES];

    EntryInput(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** An {@link IOException} saying the entry is damaged unless {@code ok}. */
    public static void require(boolean ok, String problem) throws IOException {
        if (!ok) {
            throw new IOException("damaged cache entry: " + problem);
        }
    }

    public int readInt() throws IOException {
        return in.readInt();
    }

    public long readLong() throws IOException {
        return in.readLong();
    }

    public float readFloat() throws IOException {
        return in.readFloat();
    }

    public double readDouble() throws IOException {
        return in.readDouble();
    }

    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    /** A non-negative count; what it counts is read element by element, so it is not trusted further. */
    public int readCount() throws IOException {
        int n = in.readInt();
        require(n >= 0, "negative count " + n);
        return n;
    }

    public String readString() throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        require(n >= 0 && n <= MAX_STRING_BYTES, "string length " + n);
        return new String(readBytes(n), StandardCharsets.UTF_8);
    }

    public List<String> readStrings() throws IOException {
        int n = readCount();
        List<String> out = new ArrayList<>(Math.min(n, CHUNK));
        for (int i = 0; i < n; i++) {
            out.add(readString());
        }
        return out;
    }

    public byte[] readBytes() throws IOException {
        return readBytes(readCount());
    }

    private byte[] readBytes(int n) throws IOException {
        byte[] a = new byte[Math.min(n, buffer.length)];
        for (int i = 0; i < n; ) {
            a = grown(a, i, n);
            int k = Math.min(a.length - i, n - i);
            in.readFully(a, i, k);
            i += k;
        }
        return a;
    }

    public int[] readInts() throws IOException {
        int n = readCount();
        int[] a = new int[Math.min(n, CHUNK)];
        for (int i = 0; i < n; ) {
            if (i == a.length) {
                a = Arrays.copyOf(a, (int) Math.min(n, 2L * a.length));
            }
            int k = Math.min(CHUNK, Math.min(a.length, n) - i);
            in.readFully(buffer, 0, k * Integer.BYTES);
            ByteBuffer.wrap(buffer, 0, k * Integer.BYTES).asIntBuffer().get(a, i, k);
            i += k;
        }
        return a;
    }

    public long[] readLongs() throws IOException {
        int n = readCount();
        long[] a = new long[Math.min(n, CHUNK)];
        for (int i = 0; i < n; ) {
            if (i == a.length) {
                a = Arrays.copyOf(a, (int) Math.min(n, 2L * a.length));
            }
            int k = Math.min(CHUNK, Math.min(a.length, n) - i);
            in.readFully(buffer, 0, k * Long.BYTES);
            ByteBuffer.wrap(buffer, 0, k * Long.BYTES).asLongBuffer().get(a, i, k);
            i += k;
        }
        return a;
    }

    public float[] readFloats() throws IOException {
        int n = readCount();
        float[] a = new float[Math.min(n, CHUNK)];
        for (int i = 0; i < n; ) {
            if (i == a.length) {
                a = Arrays.copyOf(a, (int) Math.min(n, 2L * a.length));
            }
            int k = Math.min(CHUNK, Math.min(a.length, n) - i);
            in.readFully(buffer, 0, k * Float.BYTES);
            ByteBuffer.wrap(buffer, 0, k * Float.BYTES).asFloatBuffer().get(a, i, k);
            i += k;
        }
        return a;
    }

    private static byte[] grown(byte[] a, int filled, int n) {
        return filled < a.length ? a : Arrays.copyOf(a, (int) Math.min(n, 2L * a.length));
    }

    /** -1 once the entry is over; reading to the end also makes the gzip layer check its CRC. */
    int readEnd() throws IOException {
        return in.read();
    }
}
