package org.hitlbm.data.cache;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.io.StorageException;
import org.hitlbm.data.io.TempFiles;

/**
 * A directory of cached values keyed by a hash of the settings that produce them. Entries are a
 * plain versioned binary layout ({@link CacheCodec}), never Java serialization: a cache file is
 * input like any other, and reading one must not run code chosen by whoever wrote it. Writes go
 * to a temporary file ({@link TempFiles#sibling}) that is atomically renamed, so a killed run
 * never leaves a partial entry and concurrent writers of the same key simply race to an identical
 * result; the temporary files of killed runs are swept when the next cache is opened.
 */
public final class DiskCache {
    /** Starts every entry, so a file of another format (an older build's Java serialization) is a plain miss. */
    private static final byte[] MAGIC = "HITLBM-CACHE\n".getBytes(StandardCharsets.US_ASCII);
    /** Ends every entry, so a truncated one is recognised even where its gzip trailer survived. */
    private static final long END = 0x454e445f4f465f45L;
    /**
     * Decompressed bytes allowed per compressed byte (beyond a floor): far above what prepared data
     * reaches (5:1 to 30:1 measured, the long recent-behavior windows compressing best), but a gzip
     * bomb (up to 1032:1) stops here instead of filling the heap.
     */
    private static final long MAX_RATIO = 512;
    private static final long MIN_LIMIT = 256L << 20;

    private final Path dir;

    public DiskCache(Path dir) {
        this.dir = dir;
        TempFiles.sweep(dir);
    }

    /** SHA-256 of the description, as 16 hex digits: short enough for folder names. */
    public static String key(String description) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(description.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path file(String namespace, String key) {
        return dir.resolve(namespace).resolve(key + ".bin.gz");
    }

    /**
     * The cached value, or the computed one after storing it.
     *
     * @throws StorageException when the entry cannot be written (disk full, no permission)
     */
    public <T> Lookup<T> getOrCompute(String namespace, String key, CacheCodec<T> codec, Supplier<T> compute) {
        Path file = file(namespace, key);
        if (Files.isRegularFile(file)) {
            T value = read(file, codec);
            if (value != null) {
                return new Lookup<>(value, true, file);
            }
        }
        T value = compute.get();
        write(file, codec, value);
        return new Lookup<>(value, false, file);
    }

    /** As {@link #getOrCompute(String, String, CacheCodec, Supplier)} for the types with a layout here. */
    public <T> Lookup<T> getOrCompute(String namespace, String key, Class<T> type, Supplier<T> compute) {
        return getOrCompute(namespace, key, codec(type), compute);
    }

    @SuppressWarnings("unchecked")
    private static <T> CacheCodec<T> codec(Class<T> type) {
        if (type == String.class) {
            return (CacheCodec<T>) CacheCodec.STRING;
        }
        if (type == PreparedData.class) {
            return (CacheCodec<T>) PreparedDataCodec.INSTANCE;
        }
        throw new IllegalArgumentException("no cache layout for " + type.getName() + "; pass a CacheCodec");
    }

    /**
     * A stale, damaged or foreign entry (another layout or version, a truncated file, inconsistent
     * content) is a miss, whatever the file holds: it is recomputed and replaced.
     */
    private static <T> T read(Path file, CacheCodec<T> codec) {
        try {
            long limit = Math.max(MIN_LIMIT, MAX_RATIO * Files.size(file));
            try (InputStream in = new Limited(new GZIPInputStream(
                    new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16), limit)) {
                byte[] magic = in.readNBytes(MAGIC.length);
                if (!java.util.Arrays.equals(magic, MAGIC)) {
                    return null;
                }
                EntryInput entry = new EntryInput(in);
                if (!codec.name().equals(entry.readString()) || entry.readInt() != codec.version()) {
                    return null;
                }
                T value = codec.read(entry);
                return entry.readLong() == END && entry.readEnd() == -1 ? value : null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static <T> void write(Path file, CacheCodec<T> codec, T value) {
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = TempFiles.sibling(file);
            try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16),
                    1 << 16)) {
                out.write(MAGIC);
                EntryOutput entry = new EntryOutput(out);
                entry.writeString(codec.name());
                entry.writeInt(codec.version());
                codec.write(entry, value);
                entry.writeLong(END);
                entry.flush();
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw StorageException.writing(file, e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // the next start's sweep removes it
            }
        }
    }

    /** Fails once more than {@code limit} bytes have been read. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) throws IOException {
            left -= n;
            if (left < 0) {
                throw new IOException("cache entry decompresses to more than its size allows");
            }
        }
    }

    /** A value and whether it came from disk. */
    public record Lookup<T>(T value, boolean hit, Path file) {
    }
}
