package org.hitlbm.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encoders by YAML name. Loading a model takes seconds and hundreds of MB, so each name is loaded once, on first
 * use, and shared: the instances returned here ignore {@link TextEncoder#close()}.
 */
public final class Encoders {
    private static final Map<String, Lazy> LOADED = new ConcurrentHashMap<>();

    private Encoders() {
    }

    /** "none", the four in-jar models, then each model's "-long" variant. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(NoEncoder.NAME);
        for (InJarModel m : InJarModel.values()) {
            names.add(m.encoderName());
        }
        for (InJarModel m : InJarModel.values()) {
            names.add(m.encoderName() + WindowedTextEncoder.SUFFIX);
        }
        return Collections.unmodifiableList(names);
    }

    /** The shared encoder for a name from {@link #names()}. */
    public static TextEncoder byName(String name) {
        if (name == null || !names().contains(name)) {
            throw new IllegalArgumentException("unknown encoder '" + name + "'; known encoders: "
                    + String.join(", ", names()));
        }
        return LOADED.computeIfAbsent(name, Lazy::new).get();
    }

    private static TextEncoder load(String name) {
        if (name.equals(NoEncoder.NAME)) {
            return new NoEncoder();
        }
        if (name.endsWith(WindowedTextEncoder.SUFFIX)) {
            String baseName = name.substring(0, name.length() - WindowedTextEncoder.SUFFIX.length());
            // reuse the loaded base model rather than loading its weights twice
            OnnxTextEncoder base = (OnnxTextEncoder) ((Shared) byName(baseName)).inner;
            return new WindowedTextEncoder(base);
        }
        return new OnnxTextEncoder(InJarModel.byEncoderName(name));
    }

    /** Loads at most once; a failed load is retried on the next call. Separate locks, so loads of different names don't wait on each other. */
    private static final class Lazy {
        private final String name;
        private TextEncoder encoder;

        Lazy(String name) {
            this.name = name;
        }

        synchronized TextEncoder get() {
            if (encoder == null) {
                encoder = new Shared(load(name));
            }
            return encoder;
        }
    }

    /** A registry instance: other callers hold it too, so closing it must not release the model. */
    private static final class Shared implements TextEncoder {
        private final TextEncoder inner;

        Shared(TextEncoder inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public float[][] encode(List<String> texts) {
            return inner.encode(texts);
        }

        @Override
        public void close() {
        }
    }
}
