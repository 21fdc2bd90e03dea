package org.hitlbm.data.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The part of Thrift's compact protocol that Parquet's page headers and footer need: structs of
 * i32, i64, string, struct and list fields, written in ascending field order.
 */
final class CompactThrift {
    static final int I32 = 5;
    static final int I64 = 6;
    static final int BINARY = 8;
    static final int LIST = 9;
    static final int STRUCT = 12;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private final Deque<Integer> enclosingFieldIds = new ArrayDeque<>();
    private int lastFieldId;

    CompactThrift i32(int id, int value) {
        fieldHeader(I32, id);
        varint(zigzag(value));
        return this;
    }

    CompactThrift i64(int id, long value) {
        fieldHeader(I64, id);
        varint(zigzag(value));
        return this;
    }

    CompactThrift string(int id, String value) {
        fieldHeader(BINARY, id);
        stringValue(value);
        return this;
    }

    /** A struct field; its fields follow, then {@link #end()}. */
    CompactThrift struct(int id) {
        fieldHeader(STRUCT, id);
        enter();
        return this;
    }

    /** A list field of {@code size} elements of {@code elementType}, written next as values. */
    CompactThrift list(int id, int elementType, int size) {
        fieldHeader(LIST, id);
        if (size < 15) {
            out.write(size << 4 | elementType);
        } else {
            out.write(0xF0 | elementType);
            varint(size);
        }
        return this;
    }

    /** A struct element of a list; its fields follow, then {@link #end()}. */
    CompactThrift element() {
        enter();
        return this;
    }

    CompactThrift i32Value(int value) {
        varint(zigzag(value));
        return this;
    }

    CompactThrift stringValue(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        varint(bytes.length);
        out.write(bytes, 0, bytes.length);
        return this;
    }

    /** Ends the innermost struct. */
    CompactThrift end() {
        out.write(0);
        lastFieldId = enclosingFieldIds.pop();
        return this;
    }

    /** The top-level struct, stopped. */
    byte[] finish() {
        if (!enclosingFieldIds.isEmpty()) {
            throw new IllegalStateException(enclosingFieldIds.size() + " structs left open");
        }
        out.write(0);
        return out.toByteArray();
    }

    private void enter() {
        enclosingFieldIds.push(lastFieldId);
        lastFieldId = 0;
    }

    private void fieldHeader(int type, int id) {
        int delta = id - lastFieldId;
        if (delta > 0 && delta <= 15) {
            out.write(delta << 4 | type);
        } else {
            out.write(type);
            varint(zigzag(id));
        }
        lastFieldId = id;
    }

    private static long zigzag(long n) {
        return (n << 1) ^ (n >> 63);
    }

    private void varint(long unsigned) {
        while ((unsigned & ~0x7FL) != 0) {
            out.write((int) (unsigned & 0x7F) | 0x80);
            unsigned >>>= 7;
        }
        out.write((int) unsigned);
    }
}
