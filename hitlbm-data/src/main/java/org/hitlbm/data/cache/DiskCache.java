package org.hitlbm.data.cache;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
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

/**
 * A directory of serialized values keyed by a hash of the settings that produce them. Writes go
 * to a temporary file that is atomically renamed, so a killed run never leaves a partial entry
 * and concurrent writers of the same key simply race to an identical result.
 */
public final class DiskCache {
    private final Path dir;

    public DiskCache(Path dir) {
        this.dir = dir;
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

    /** The cached value, or the computed one after storing it. */
    public <T extends Serializable> Lookup<T> getOrCompute(String namespace, String key, Class<T> type, Supplier<T> compute) {
        Path file = file(namespace, key);
        if (Files.exists(file)) {
            T value = read(file, type);
            if (value != null) {
                return new Lookup<>(value, true, file);
            }
        }
        T value = compute.get();
        write(file, value);
        return new Lookup<>(value, false, file);
    }

    /** A stale or unreadable entry (e.g. written by an older build) is treated as a miss. */
    private static <T> T read(Path file, Class<T> type) {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
             ObjectInputStream objects = new ObjectInputStream(in)) {
            return type.cast(objects.readObject());
        } catch (InvalidClassException | ClassNotFoundException | ClassCastException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(Path file, Serializable value) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16));
                 ObjectOutputStream objects = new ObjectOutputStream(out)) {
                objects.writeObject(value);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cache entry " + file, e);
        }
    }

    /** A value and whether it came from disk. */
    public record Lookup<T>(T value, boolean hit, Path file) {
    }
}
