package org.hitlbm.data.cache;

import java.io.IOException;

/**
 * How one kind of value is laid out in a cache entry: numbers and strings in a fixed order, no
 * class names. Reading an entry therefore never instantiates anything but what {@link #read}
 * builds itself, unlike Java serialization, where a crafted file picks the classes (a gadget on
 * the class path, or nested sets whose hashing never ends).
 *
 * @param <T> the value type
 */
public interface CacheCodec<T> {
    /** Names the layout inside the entry; an entry with another name is a miss. */
    String name();

    /** Bump when the layout changes; an entry of another version is a miss. */
    int version();

    void write(EntryOutput out, T value) throws IOException;

    /**
     * The value, or an {@link IOException} when the entry is inconsistent (a count that does not
     * fit, an id out of range): a damaged entry must be a miss, not a failure later in training.
     */
    T read(EntryInput in) throws IOException;

    /** A single string. */
    CacheCodec<String> STRING = new CacheCodec<>() {
        @Override
        public String name() {
            return "string";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(EntryOutput out, String value) throws IOException {
            out.writeString(value);
        }

        @Override
        public String read(EntryInput in) throws IOException {
            String s = in.readString();
            EntryInput.require(s != null, "null string");
            return s;
        }
    };
}
