package org.hitlbm.tree.llm.llamacpp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a GGUF v3 file (little endian): header, metadata key/values, tensor infos, then F32
 * tensor data aligned to 32 bytes. Only the value types a llama model needs are supported.
 */
final class GgufWriter {
    static final int ALIGNMENT = 32;

    private static final int TYPE_UINT32 = 4;
    private static final int TYPE_INT32 = 5;
    private static final int TYPE_FLOAT32 = 6;
    private static final int TYPE_BOOL = 7;
    private static final int TYPE_STRING = 8;
    private static final int TYPE_ARRAY = 9;
    private static final int GGML_TYPE_F32 = 0;

    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    /** A tensor in ggml dimension order: dims[0] is the innermost (contiguous) one. */
    private record Tensor(String name, long[] dims, float[] data) {
    }

    /** Marks a metadata value as uint32 (plain Integers are written as int32). */
    record UInt32(int value) {
    }

    GgufWriter put(String key, Object value) {
        metadata.put(key, value);
        return this;
    }

    GgufWriter tensor(String name, float[] data, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": " + data.length + " values for " + n + " elements");
        }
        tensors.add(new Tensor(name, dims, data));
        return this;
    }

    void write(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            Sink sink = new Sink(out);
            sink.bytes("GGUF".getBytes(StandardCharsets.US_ASCII));
            sink.u32(3);
            sink.u64(tensors.size());
            sink.u64(metadata.size());
            for (Map.Entry<String, Object> kv : metadata.entrySet()) {
                sink.string(kv.getKey());
                writeValue(sink, kv.getKey(), kv.getValue());
            }
            long offset = 0;
            for (Tensor t : tensors) {
                sink.string(t.name());
                sink.u32(t.dims().length);
                for (long d : t.dims()) {
                    sink.u64(d);
                }
                sink.u32(GGML_TYPE_F32);
                sink.u64(offset);
                offset = align(offset + 4L * t.data().length);
            }
            sink.pad();
            for (Tensor t : tensors) {
                ByteBuffer buf = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(t.data());
                sink.bytes(buf.array());
                sink.pad();
            }
        }
    }

    private static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static void writeValue(Sink sink, String key, Object value) throws IOException {
        if (value instanceof String s) {
            sink.u32(TYPE_STRING);
            sink.string(s);
        } else if (value instanceof UInt32 u) {
            sink.u32(TYPE_UINT32);
            sink.u32(u.value());
        } else if (value instanceof Integer i) {
            sink.u32(TYPE_INT32);
            sink.u32(i);
        } else if (value instanceof Float f) {
            sink.u32(TYPE_FLOAT32);
            sink.f32(f);
        } else if (value instanceof Boolean b) {
            sink.u32(TYPE_BOOL);
            sink.bytes(new byte[] {(byte) (b ? 1 : 0)});
        } else if (value instanceof String[] strings) {
            sink.u32(TYPE_ARRAY);
            sink.u32(TYPE_STRING);
            sink.u64(strings.length);
            for (String s : strings) {
                sink.string(s);
            }
        } else if (value instanceof float[] floats) {
            sink.u32(TYPE_ARRAY);
            sink.u32(TYPE_FLOAT32);
            sink.u64(floats.length);
            for (float f : floats) {
                sink.f32(f);
            }
        } else if (value instanceof int[] ints) {
            sink.u32(TYPE_ARRAY);
            sink.u32(TYPE_INT32);
            sink.u64(ints.length);
            for (int i : ints) {
                sink.u32(i);
            }
        } else {
            throw new IllegalArgumentException("unsupported GGUF metadata type for " + key + ": " + value.getClass());
        }
    }

    /** Little-endian primitives with a running byte count for padding. */
    private static final class Sink {
        private final OutputStream out;
        private long written;

        Sink(OutputStream out) {
            this.out = out;
        }

        void bytes(byte[] b) throws IOException {
            out.write(b);
            written += b.length;
        }

        void u32(int v) throws IOException {
            bytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
        }

        void u64(long v) throws IOException {
            bytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }

        void f32(float v) throws IOException {
            bytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array());
        }

        void string(String s) throws IOException {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            u64(utf8.length);
            bytes(utf8);
        }

        void pad() throws IOException {
            int padding = (int) (align(written) - written);
            bytes(new byte[padding]);
        }
    }
}
