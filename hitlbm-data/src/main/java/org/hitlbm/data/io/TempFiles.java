package org.hitlbm.data.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporary files for atomic writes, named {@code .<name>.<pid>-<random>.tmp} so the next start
 * can tell a leftover of a killed process (its pid is gone) from a file another live process is
 * still writing, and remove only the former.
 */
public final class TempFiles {
    private static final Pattern OWNED = Pattern.compile("\\.(\\d+)-[^.]*\\.tmp$");

    private TempFiles() {
    }

    private static String renameOwned(Path dir, String target) {
        return "." + target + "." + ProcessHandle.current().pid() + "-" + Long.toHexString(Double.doubleToLongBits(Math.random()))
                + ".tmp";
    }

    /**
     * Writes {@code text} to {@code file} through a temporary file moved into place; a disk-full or
     * permission failure becomes a {@link StorageException} naming the file, and removes the temporary.
     */
    public static Path writeAtomically(Path file, String text) {
        return writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Path writeAtomically(Path file, byte[] bytes) {
        Path tmp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            tmp = dir.resolve(renameOwned(dir, file.getFileName().toString()));
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw StorageException.writing(file, e);
        }
    }

    /** A fresh temporary path next to {@code file} (not created), for writers that stream into it. */
    public static Path sibling(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return dir.resolve(renameOwned(dir, file.getFileName().toString()));
    }

    /** Removes every {@code *.tmp} under {@code root} whose writing process is gone; the count removed. */
    public static int sweep(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int[] removed = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".tmp") && !ownerAlive(name)) {
                        if (deleteQuietly(file)) {
                            removed[0]++;
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // an unreadable corner is left as it is
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return removed[0];
    }

    /** A temporary file without our pid suffix (older builds) has no live owner we could know of. */
    static boolean ownerAlive(String name) {
        Matcher m = OWNED.matcher(name);
        if (!m.find()) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        return pid != ProcessHandle.current().pid() ? ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                : true;
    }

    private static boolean deleteQuietly(Path file) {
        if (file == null) {
            return false;
        }
        try {
            return Files.deleteIfExists(file);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
