package org.hitlbm.tree.llm.llamacpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * de.kherud:llama unpacks its native libraries under fixed names into one directory and deletes
 * older copies there on start-up; with the shared /tmp, two JVMs starting at once clobber each
 * other. Each process therefore gets its own directory, unless the user chose one.
 */
final class NativeLibraryDirectory {
    static final String PROPERTY = "de.kherud.llama.tmpdir";

    private NativeLibraryDirectory() {
    }

    /** Must run before the first use of any de.kherud.llama class that loads native code. */
    static synchronized void ensureConfigured() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("hitlbm-llama-");
            dir.toFile().deleteOnExit();
            System.setProperty(PROPERTY, dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the llama.cpp native libraries", e);
        }
    }
}
