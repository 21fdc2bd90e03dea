package org.hitlbm.data.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small dataset files for reader tests. */
final class Fixtures {
    private Fixtures() {
    }

    static Path write(Path dir, String name, Charset charset, String... lines) {
        try {
            Path p = dir.resolve(name);
            try (OutputStream out = name.endsWith(".gz")
                    ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
                out.write((String.join("\n", lines) + "\n").getBytes(charset));
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
