package org.hitlbm.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorCacheTest {
    @TempDir
    Path dir;

    @Test
    void secondEncodeOfTheSameTextsMakesNoModelCall() {
        CountingEncoder model = new CountingEncoder("fake", 8);
        try (VectorCache cache = VectorCache.open(dir.resolve("v.sqlite"))) {
            CachedTextEncoder cached = new CachedTextEncoder(model, cache);
            List<String> texts = List.of("a", "b", "c");
            float[][] first = cached.encode(texts);
            float[][] second = cached.encode(texts);
            assertEquals(1, model.calls.size());
            assertEquals(3, cached.misses());
            assertEquals(3, cached.hits());
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(first[i], second[i]);
            }
        }
    }

    @Test
    void vectorsRoundTripBitExactlyThroughTheFile() {
        Path file = dir.resolve("v.sqlite");
        // finite extremes only: a non-finite vector is a damaged entry and is left out
        float[] awkward = {-0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 1f / 3f, -1e-38f, -Float.MAX_VALUE, 42f};
        try (VectorCache cache = VectorCache.open(file)) {
            cache.store("fake", Map.of("x", awkward, "y", CountingEncoder.vectorOf("y", 7)));
        }
        try (VectorCache reopened = VectorCache.open(file)) { // as another process would see it
            Map<String, float[]> got = reopened.lookup("fake", List.of("x", "y", "z"));
            assertEquals(2, got.size());
            assertBitEqual(awkward, got.get("x"));
            assertBitEqual(CountingEncoder.vectorOf("y", 7), got.get("y"));
            assertEquals(0, reopened.lookup("other-encoder", List.of("x")).size(), "keys include the encoder name");
        }
    }

    @Test
    void mixedBatchEncodesOnlyTheMissesInOneCall() {
        CountingEncoder model = new CountingEncoder("fake", 4);
        try (VectorCache cache = VectorCache.open(dir.resolve("v.sqlite"))) {
            CachedTextEncoder cached = new CachedTextEncoder(model, cache);
            cached.encode(List.of("a", "b"));
            float[][] mixed = cached.encode(List.of("a", "c", "d", "b", "c"));
            assertEquals(List.of(List.of("a", "b"), List.of("c", "d")), model.calls);
            List<String> order = List.of("a", "c", "d", "b", "c");
            for (int i = 0; i < order.size(); i++) {
                assertArrayEquals(CountingEncoder.vectorOf(order.get(i), 4), mixed[i], "slot " + i);
            }
            assertEquals(4, cached.misses());
            assertEquals(3, cached.hits());
        }
    }

    @Test
    void cacheSurvivesReopeningAndUsesWal() throws Exception {
        Path file = dir.resolve("sub/dir/v.sqlite");
        try (VectorCache cache = VectorCache.open(file)) {
            new CachedTextEncoder(new CountingEncoder("fake", 3), cache).encode(List.of("a", "b"));
        }
        CountingEncoder model = new CountingEncoder("fake", 3);
        try (VectorCache cache = VectorCache.open(file)) {
            new CachedTextEncoder(model, cache).encode(List.of("b", "a"));
            assertEquals(0, model.calls.size());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
    }

    @Test
    void cachedVectorOfTheWrongWidthIsReEncodedWithAWarningNamingTheFile() {
        Path file = dir.resolve("v.sqlite");
        List<String> warnings = new java.util.ArrayList<>();
        try (VectorCache cache = VectorCache.open(file, warnings::add)) {
            cache.store("fake", Map.of("a", new float[3]));
            CachedTextEncoder cached = new CachedTextEncoder(new CountingEncoder("fake", 4), cache);
            assertEquals(4, cached.encode(List.of("a"))[0].length);
            assertTrue(warnings.size() == 1 && warnings.get(0).contains(file.toString()) && warnings.get(0).contains("3 floats"),
                    warnings.toString());
            assertEquals(4, cache.lookup("fake", List.of("a")).get("a").length, "the re-encoded vector replaced the bad one");
        }
    }

    @Test
    void nonFiniteVectorsAreLeftOutWithAWarning() {
        Path file = dir.resolve("v.sqlite");
        List<String> warnings = new java.util.ArrayList<>();
        try (VectorCache cache = VectorCache.open(file, warnings::add)) {
            cache.store("fake", Map.of("nan", new float[] {1f, Float.NaN}, "inf", new float[] {Float.POSITIVE_INFINITY, 0f},
                    "ok", new float[] {1f, 2f}));
            assertEquals(java.util.Set.of("ok"), cache.lookup("fake", List.of("nan", "inf", "ok")).keySet());
            assertEquals(2, warnings.size(), warnings.toString());
        }
    }

    @Test
    void twoWritersOnOneFileWithOverlappingKeysEndConsistent() throws Exception {
        Path file = dir.resolve("shared.sqlite");
        int batches = 40;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (VectorCache cacheA = VectorCache.open(file); VectorCache cacheB = VectorCache.open(file)) {
            List<Callable<Void>> writers = new ArrayList<>();
            for (VectorCache cache : List.of(cacheA, cacheB)) {
                writers.add(() -> {
                    CachedTextEncoder encoder = new CachedTextEncoder(new CountingEncoder("fake", 16), cache);
                    for (int b = 0; b < batches; b++) {
                        List<String> batch = new ArrayList<>();
                        for (int k = b * 5; k < b * 5 + 10; k++) { // each batch overlaps the next and the other writer
                            batch.add("text " + k);
                        }
                        encoder.encode(batch);
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(writers)) {
                f.get(); // rethrows any writer's exception
            }
            int keys = (batches - 1) * 5 + 10;
            assertEquals(keys, cacheA.count("fake"));
            List<String> all = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                all.add("text " + k);
            }
            Map<String, float[]> got = cacheB.lookup("fake", all);
            assertEquals(keys, got.size());
            for (String text : all) {
                assertBitEqual(CountingEncoder.vectorOf(text, 16), got.get(text));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertBitEqual(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "element " + i);
        }
    }
}
