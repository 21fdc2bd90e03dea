package org.hitlbm.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hitlbm.data.io.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, items 4 and 11: a poisoned or damaged vector cache never reaches a model. */
class VectorCacheSafetyTest {
    @TempDir
    Path dir;

    @Test
    void nonFiniteOrWrongWidthVectorsAreMissesThatAreEncodedAgainWithAWarningEach() {
        Path file = dir.resolve("vectors.sqlite");
        float[] nan = CountingEncoder.vectorOf("nan", 4);
        nan[2] = Float.NaN;
        float[] inf = CountingEncoder.vectorOf("inf", 4);
        inf[0] = Float.POSITIVE_INFINITY;
        Map<String, float[]> poison = new LinkedHashMap<>();
        poison.put("nan", nan);
        poison.put("inf", inf);
        poison.put("narrow", new float[3]);
        poison.put("good", CountingEncoder.vectorOf("good", 4));
        try (VectorCache raw = VectorCache.open(file)) {
            raw.store("fake", poison);
        }
        List<String> warnings = new ArrayList<>();
        CountingEncoder model = new CountingEncoder("fake", 4);
        List<String> texts = List.of("nan", "inf", "narrow", "good");
        try (VectorCache cache = VectorCache.open(file, warnings::add)) {
            float[][] got = new CachedTextEncoder(model, cache).encode(texts);
            assertEquals(List.of(List.of("nan", "inf", "narrow")), model.calls, "the poisoned rows are misses");
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(CountingEncoder.vectorOf(texts.get(i), 4), got[i], texts.get(i));
            }
        }
        assertEquals(3, warnings.size(), String.join("\n", warnings));
        for (String text : List.of("nan", "inf", "narrow")) {
            assertEquals(1, warnings.stream().filter(w -> w.contains(file.toString()) && w.contains("fake vector of '" + text + "'")
                    && w.lines().count() == 1).count(), text + ": " + warnings);
        }
        assertTrue(warnings.stream().anyMatch(w -> w.contains("NaN")) && warnings.stream().anyMatch(w -> w.contains("Infinity")),
                String.join("\n", warnings));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("3 floats") && w.contains("gives 4")), String.join("\n", warnings));
        // the fresh vectors replaced the poisoned rows: the next process warns of nothing and encodes nothing
        warnings.clear();
        CountingEncoder again = new CountingEncoder("fake", 4);
        try (VectorCache cache = VectorCache.open(file, warnings::add)) {
            float[][] got = new CachedTextEncoder(again, cache).encode(texts);
            assertEquals(0, again.calls.size());
            assertArrayEquals(CountingEncoder.vectorOf("nan", 4), got[0]);
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void aRowWhoseBytesDisagreeWithItsWidthIsAMissNotACrash() throws Exception {
        Path file = dir.resolve("vectors.sqlite");
        VectorCache.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement q = c.prepareStatement("INSERT INTO vectors VALUES ('fake', ?, 'a', 4, ?)")) {
            q.setString(1, VectorCache.sha256("a"));
            q.setBytes(2, new byte[10]);
            q.executeUpdate();
        }
        List<String> warnings = new ArrayList<>();
        try (VectorCache cache = VectorCache.open(file, warnings::add)) {
            assertEquals(Map.of(), cache.lookup("fake", List.of("a")));
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(file.toString()) && warnings.get(0).contains("fake vector of 'a'"), warnings.get(0));
    }

    @Test
    void aFileOfRandomBytesIsOneStorageErrorSayingDeletingItLosesOnlyCachedVectors() throws Exception {
        Path file = dir.resolve("vectors.sqlite");
        byte[] junk = new byte[8192];
        new Random(7).nextBytes(junk);
        Files.write(file, junk);
        StorageException e = assertThrows(StorageException.class, () -> VectorCache.open(file).close());
        assertDamagedMessage(file, e);
    }

    @Test
    void aTruncatedCacheIsOneStorageErrorToo() throws Exception {
        Path file = dir.resolve("vectors.sqlite");
        Map<String, float[]> many = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            texts.add("text number " + i);
            many.put(texts.get(i), CountingEncoder.vectorOf(texts.get(i), 64));
        }
        try (VectorCache cache = VectorCache.open(file)) {
            cache.store("fake", many);
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2); // a copy cut short, a disk that filled up mid-write
        }
        StorageException e = assertThrows(StorageException.class, () -> {
            try (VectorCache cache = VectorCache.open(file)) {
                cache.lookup("fake", texts);
                cache.count("fake");
            }
        });
        assertDamagedMessage(file, e);
    }

    private static void assertDamagedMessage(Path file, StorageException e) {
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("loses only cached"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertEquals(file, e.file());
    }
}
