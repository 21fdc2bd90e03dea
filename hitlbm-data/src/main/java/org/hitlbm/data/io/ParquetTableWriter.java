package org.hitlbm.data.io;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A flat table as a Parquet file: required INT32, INT64, FLOAT, DOUBLE and UTF-8 string columns, PLAIN-encoded,
 * one data page per column per row group, uncompressed or GZIP. Written without the Hadoop-based
 * reference library, whose dependency tree would dwarf the rest of the jar; a test reads the
 * files back with an independent reader (DuckDB).
 *
 * <p>Rows are given value by value in column order, each row ended with {@link #endRow()}.
 */
public final class ParquetTableWriter implements Closeable {
    public enum Type {
        INT32(1), INT64(2), FLOAT(4), DOUBLE(5), STRING(6);

        final int physical;

        Type(int physical) {
            this.physical = physical;
        }
    }

    public enum Codec {
        UNCOMPRESSED(0), GZIP(2);

        final int id;

        Codec(int id) {
            this.id = id;
        }
    }

    public record Column(String name, Type type) {
    }

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA_PAGE = 0;
    private static final int PLAIN = 0;
    private static final int RLE = 3;
    private static final int REQUIRED = 0;
    private static final int UTF8 = 0;

    private final Path file;
    private final List<Column> columns;
    private final Codec codec;
    private final int rowsPerGroup;
    private final Map<String, String> metadata;
    private final OutputStream out;
    private final PageBuffer[] pages;
    private final List<RowGroup> rowGroups = new ArrayList<>();
    private long position;
    private long rows;
    private int rowsInGroup;
    private int nextColumn;
    private boolean closed;

    /**
     * @param metadata key-value pairs stored in the footer (provenance)
     * @throws StorageException if the file cannot be created
     */
    public ParquetTableWriter(Path file, List<Column> columns, Codec codec, int rowsPerGroup, Map<String, String> metadata) {
        if (columns.isEmpty() || rowsPerGroup < 1) {
            throw new IllegalArgumentException("need columns and rowsPerGroup >= 1");
        }
        this.file = file;
        this.columns = List.copyOf(columns);
        this.codec = codec;
        this.rowsPerGroup = rowsPerGroup;
        this.metadata = new LinkedHashMap<>(metadata);
        this.pages = new PageBuffer[columns.size()];
        for (int c = 0; c < pages.length; c++) {
            pages[c] = new PageBuffer();
        }
        try {
            this.out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            write(MAGIC);
        } catch (IOException e) {
            throw StorageException.writing(file, e);
        }
    }

    public ParquetTableWriter int32(int value) {
        next(Type.INT32).littleEndianInt(value);
        return this;
    }

    public ParquetTableWriter int64(long value) {
        PageBuffer page = next(Type.INT64);
        page.littleEndianInt((int) value);
        page.littleEndianInt((int) (value >>> 32));
        return this;
    }

    public ParquetTableWriter float32(float value) {
        next(Type.FLOAT).littleEndianInt(Float.floatToRawIntBits(value));
        return this;
    }

    public ParquetTableWriter float64(double value) {
        long bits = Double.doubleToRawLongBits(value);
        PageBuffer page = next(Type.DOUBLE);
        page.littleEndianInt((int) bits);
        page.littleEndianInt((int) (bits >>> 32));
        return this;
    }

    public ParquetTableWriter string(CharSequence value) {
        byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
        PageBuffer page = next(Type.STRING);
        page.littleEndianInt(bytes.length);
        page.write(bytes, 0, bytes.length);
        return this;
    }

    public void endRow() {
        if (nextColumn != columns.size()) {
            throw new IllegalStateException("row ended after " + nextColumn + " of " + columns.size() + " columns");
        }
        nextColumn = 0;
        rows++;
        if (++rowsInGroup == rowsPerGroup) {
            flushRowGroup();
        }
    }

    public long rows() {
        return rows;
    }

    /** Writes the last row group and the footer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (nextColumn != 0) {
            throw new IllegalStateException("the last row has " + nextColumn + " of " + columns.size() + " columns");
        }
        if (rowsInGroup > 0) {
            flushRowGroup();
        }
        CompactThrift footer = new CompactThrift().i32(1, 1).list(2, CompactThrift.STRUCT, columns.size() + 1);
        footer.element().string(4, "schema").i32(5, columns.size()).end();
        for (Column column : columns) {
            footer.element().i32(1, column.type().physical).i32(3, REQUIRED).string(4, column.name());
            if (column.type() == Type.STRING) {
                // the legacy UTF8 annotation and the logical STRING type, so old and new readers see text
                footer.i32(6, UTF8).struct(10).struct(1).end().end();
            }
            footer.end();
        }
        footer.i64(3, rows).list(4, CompactThrift.STRUCT, rowGroups.size());
        for (RowGroup group : rowGroups) {
            footer.element().list(1, CompactThrift.STRUCT, columns.size());
            long uncompressedTotal = 0;
            for (int c = 0; c < columns.size(); c++) {
                Chunk chunk = group.chunks().get(c);
                Column column = columns.get(c);
                uncompressedTotal += chunk.uncompressed();
                footer.element().i64(2, chunk.offset()).struct(3)
                        .i32(1, column.type().physical)
                        .list(2, CompactThrift.I32, 1).i32Value(PLAIN)
                        .list(3, CompactThrift.BINARY, 1).stringValue(column.name())
                        .i32(4, codec.id).i64(5, group.rows()).i64(6, chunk.uncompressed()).i64(7, chunk.compressed())
                        .i64(9, chunk.offset()).end().end();
            }
            footer.i64(2, uncompressedTotal).i64(3, group.rows()).i64(5, group.offset()).i64(6, group.bytes()).end();
        }
        footer.list(5, CompactThrift.STRUCT, metadata.size());
        for (Map.Entry<String, String> kv : metadata.entrySet()) {
            footer.element().string(1, kv.getKey()).string(2, kv.getValue()).end();
        }
        byte[] meta = footer.string(6, "hitlbm").finish();
        try {
            write(meta);
            littleEndian(meta.length);
            write(MAGIC);
            out.close();
        } catch (IOException e) {
            throw StorageException.writing(file, e);
        }
    }

    private PageBuffer next(Type type) {
        Column column = columns.get(nextColumn);
        if (column.type() != type) {
            throw new IllegalArgumentException("column " + column.name() + " is " + column.type() + ", not " + type);
        }
        return pages[nextColumn++];
    }

    private void flushRowGroup() {
        long groupStart = position;
        List<Chunk> chunks = new ArrayList<>(columns.size());
        try {
            for (PageBuffer page : pages) {
                byte[] raw = page.toByteArray();
                byte[] body = codec == Codec.GZIP ? gzip(raw) : raw;
                byte[] header = new CompactThrift().i32(1, DATA_PAGE).i32(2, raw.length).i32(3, body.length)
                        .struct(5).i32(1, rowsInGroup).i32(2, PLAIN).i32(3, RLE).i32(4, RLE).end().finish();
                chunks.add(new Chunk(position, header.length + (long) raw.length, header.length + (long) body.length));
                write(header);
                write(body);
                page.reset();
            }
        } catch (IOException e) {
            throw StorageException.writing(file, e);
        }
        rowGroups.add(new RowGroup(chunks, rowsInGroup, groupStart, position - groupStart));
        rowsInGroup = 0;
    }

    private record Chunk(long offset, long uncompressed, long compressed) {
    }

    private record RowGroup(List<Chunk> chunks, int rows, long offset, long bytes) {
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(raw.length / 3 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(b, 1 << 16)) {
            z.write(raw);
        }
        return b.toByteArray();
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        position += bytes.length;
    }

    private void littleEndian(int value) throws IOException {
        write(new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }

    /** One column's PLAIN values of the current row group. */
    private static final class PageBuffer extends ByteArrayOutputStream {
        PageBuffer() {
            super(1 << 12);
        }

        void littleEndianInt(int value) {
            write(value);
            write(value >>> 8);
            write(value >>> 16);
            write(value >>> 24);
        }

    }
}
