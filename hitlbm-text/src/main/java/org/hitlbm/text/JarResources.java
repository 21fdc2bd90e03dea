package org.hitlbm.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the model files that sit inside the langchain4j jars on the classpath. */
final class JarResources {
    private JarResources() {
    }

    static InputStream open(InJarModel model, String resource) {
        InputStream in = JarResources.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("classpath resource '" + resource + "' for encoder '"
                    + model.encoderName() + "' not found: is dev.langchain4j:" + model.artifact() + " on the classpath?");
        }
        return in;
    }

    static byte[] readAll(InJarModel model, String resource) {
        try (InputStream in = open(model, resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading classpath resource '" + resource + "'", e);
        }
    }
}
