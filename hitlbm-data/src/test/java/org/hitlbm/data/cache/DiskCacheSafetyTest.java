package org.hitlbm.data.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.TinyData;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.io.StorageException;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.SplitMode;
import org.hitlbm.gadget.SideEffectGadget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache entry is data we read back, so a crafted or damaged one must only ever be a miss. */
class DiskCacheSafetyTest {
    @TempDir
    Path dir;

    private static final DataPipeline PIPELINE = new DataPipeline(
            new PreprocessConfig(1, 0, 3, SplitMode.PER_USER_TIME, 0.25, 0.25), ChunkingConfig.byCount(2), 2);

    private static RawDataset tiny() {
        return TinyData.of(2, 3, new long[][] {
                {1, 1, 5, 10}, {1, 2, 2, 20}, {1, 3, 4, 30}, {1, 1, 3, 40},
                {2, 2, 5, 15}, {2, 3, 1, 25}, {2, 1, 4, 35}, {2, 2, 4, 45}});
    }

    private static byte[] javaSerialized(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static void writeGzipped(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    @Test
    void aForeignSerializableClassInAnEntryIsNeverInstantiated() throws Exception {
        DiskCache cache = new DiskCache(dir);
        Path file = PIPELINE.prepareCached(cache, "tiny", DiskCacheSafetyTest::tiny).file();
        writeGzipped(file, javaSerialized(new SideEffectGadget()));
        SideEffectGadget.RAN.set(false);

        DiskCache.Lookup<PreparedData> again = PIPELINE.prepareCached(cache, "tiny", DiskCacheSafetyTest::tiny);

        assertFalse(SideEffectGadget.RAN.get(), "the gadget's readObject ran while reading the cache");
        assertFalse(again.hit(), "a rejected entry is a miss");
        assertEquals(2, again.value().dataset().numUsers());
        assertTrue(PIPELINE.prepareCached(cache, "tiny", DiskCacheSafetyTest::tiny).hit(), "the recomputed entry replaced it");
    }

    /** The classic deserialization DoS: 100 levels of pairs of sets make hashCode run 2^100 times. */
    @Test
    void nestedHashSetsDoNotHang() throws Exception {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("foo");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        DiskCache cache = new DiskCache(dir);
        writeGzipped(cache.file("ns", "k"), javaSerialized(root));

        DiskCache.Lookup<String> lookup = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> cache.getOrCompute("ns", "k", String.class, () -> "fresh"));

        assertFalse(lookup.hit());
        assertEquals("fresh", lookup.value());
    }

    @Test
    void aHugeDeclaredArrayLengthIsAMissNotAnOutOfMemoryError() throws Exception {
        byte[] stream = javaSerialized(new int[] {0x01020304, 0x05060708});
        int at = indexOf(stream, new byte[] {0, 0, 0, 2, 1, 2, 3, 4});
        assertTrue(at > 0);
        stream[at] = 0x7f;
        stream[at + 1] = (byte) 0xff;
        stream[at + 2] = (byte) 0xff;
        stream[at + 3] = (byte) 0xf0;
        DiskCache cache = new DiskCache(dir);
        writeGzipped(cache.file("ns", "k"), stream);

        DiskCache.Lookup<String> lookup = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> cache.getOrCompute("ns", "k", String.class, () -> "fresh"));

        assertFalse(lookup.hit());
        assertEquals("fresh", lookup.value());
    }

    /** The entry layout itself: a count of two billion ints in a file of a few bytes must not be allocated. */
    @Test
    void aHugeDeclaredLengthInTheEntryLayoutIsAMiss() throws Exception {
        DiskCache cache = new DiskCache(dir);
        Path file = PIPELINE.prepareCached(cache, "tiny", DiskCacheSafetyTest::tiny).file();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("HITLBM-CACHE\n".getBytes(StandardCharsets.US_ASCII));
        writeString(out, "prepared-data");
        out.writeInt(1); // layout version
        writeString(out, "tiny");
        writeString(out, "MOVIES");
        out.writeInt(0); // items
        out.writeInt(0); // users
        out.writeInt(Integer.MAX_VALUE - 16); // rating user ids: "two billion follow"
        out.writeInt(7);
        out.flush();
        writeGzipped(file, bytes.toByteArray());

        DiskCache.Lookup<PreparedData> lookup = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> PIPELINE.prepareCached(cache, "tiny", DiskCacheSafetyTest::tiny));

        assertFalse(lookup.hit());
        assertEquals(2, lookup.value().dataset().numUsers());
    }

    @Test
    void aTruncatedEntryIsAMiss() throws Exception {
        DiskCache cache = new DiskCache(dir);
        Path file = PIPELINE.prepareCached(cache, "tiny", DiskCacheSafetyTest::tiny).file();
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 12)); // gzip trailer and a little more

        assertFalse(PIPELINE.prepareCached(cache, "tiny", DiskCacheSafetyTest::tiny).hit());
        assertTrue(PIPELINE.prepareCached(cache, "tiny", DiskCacheSafetyTest::tiny).hit());
    }

    /** A well-formed entry whose ids point outside the dataset would fail in training; it is a miss instead. */
    @Test
    void anEntryWithAnIdOutOfRangeIsAMiss() {
        DiskCache cache = new DiskCache(dir);
        PreparedData tampered = PIPELINE.prepare(tiny());
        tampered.samples().item[0] = 9999;
        cache.getOrCompute("prepared", "tampered", PreparedDataCodec.INSTANCE, () -> tampered);

        DiskCache.Lookup<PreparedData> again = cache.getOrCompute("prepared", "tampered", PreparedDataCodec.INSTANCE,
                () -> PIPELINE.prepare(tiny()));

        assertFalse(again.hit());
        assertTrue(again.value().samples().item[0] <= 3);
    }

    /** A string layout that looks at the folder while its entry is being written, or fails like a full disk. */
    private static CacheCodec<String> watching(Path folder, List<String> seen, boolean diskFull) {
        return new CacheCodec<>() {
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
                try (Stream<Path> files = Files.list(folder)) {
                    files.forEach(f -> seen.add(f.getFileName().toString()));
                }
                if (diskFull) {
                    throw new IOException("No space left on device");
                }
                CacheCodec.STRING.write(out, value);
            }

            @Override
            public String read(EntryInput in) throws IOException {
                return CacheCodec.STRING.read(in);
            }
        };
    }

    @Test
    void theWriteGoesThroughATemporaryFileNamedWithOurPid() throws Exception {
        DiskCache cache = new DiskCache(dir);
        Path folder = Files.createDirectories(dir.resolve("ns"));
        List<String> seen = new ArrayList<>();

        Path file = cache.getOrCompute("ns", "k", watching(folder, seen, false), () -> "value").file();

        assertEquals(1, seen.size(), seen.toString());
        assertTrue(seen.get(0).matches("\\.k\\.bin\\.gz\\." + ProcessHandle.current().pid() + "-[0-9a-f]+\\.tmp"),
                seen.toString());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(file), files.toList(), "only the entry remains");
        }
        assertEquals("value", cache.getOrCompute("ns", "k", String.class, () -> "never").value());
    }

    @Test
    void aFullDiskIsAStorageErrorAndLeavesNoTemporaryFile() throws Exception {
        DiskCache cache = new DiskCache(dir);
        Path folder = Files.createDirectories(dir.resolve("ns"));

        StorageException e = assertThrows(StorageException.class,
                () -> cache.getOrCompute("ns", "k", watching(folder, new ArrayList<>(), true), () -> "value"));

        assertEquals(cache.file("ns", "k"), e.file());
        assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void temporaryFilesOfDeadProcessesAreSweptOnStart() throws Exception {
        Path ns = Files.createDirectories(dir.resolve("prepared"));
        assertFalse(ProcessHandle.of(999999).map(ProcessHandle::isAlive).orElse(false), "pid 999999 must be free");
        Path dead = Files.writeString(ns.resolve(".x.bin.gz.999999-abc.tmp"), "left by kill -9");
        Path live = Files.writeString(ns.resolve(".y.bin.gz." + ProcessHandle.current().pid() + "-abc.tmp"), "being written");

        new DiskCache(dir);

        assertFalse(Files.exists(dead), "a dead writer's temporary file is removed");
        assertTrue(Files.exists(live), "a live writer's temporary file is left alone");
    }

    @Test
    void aWriteFailureIsAStorageErrorNamingTheEntry() throws Exception {
        DiskCache cache = new DiskCache(dir);
        Files.writeString(dir.resolve("ns"), "a file where the namespace folder should be");

        StorageException e = assertThrows(StorageException.class,
                () -> cache.getOrCompute("ns", "k", String.class, () -> "value"));

        assertTrue(e.getMessage().contains(cache.file("ns", "k").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("cannot write"), e.getMessage());
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
