package org.hitlbm.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.io.StorageException;
import org.hitlbm.data.io.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code paths.store}: the vector cache in a real PostgreSQL server (CI starts one), a database per test. */
class VectorCachePostgresTest {
    private String url;

    @BeforeEach
    void database() throws Exception {
        url = TestPostgres.freshDatabase();
    }

    @Test
    void vectorsRoundTripBitExactlyAndASecondMachineEncodesNothing() {
        float[] awkward = {-0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 1f / 3f, -1e-38f, -Float.MAX_VALUE, 42f};
        try (VectorCache first = VectorCache.onServer(url, null, w -> { })) {
            first.store("fake", Map.of("x", awkward));
            assertEquals(null, first.file());
            assertFalse(first.location().contains("?"), first.location());
        }
        CountingEncoder model = new CountingEncoder("fake", 7);
        try (VectorCache second = VectorCache.onServer(url, null, w -> { })) { // another machine
            float[] x = second.lookup("fake", List.of("x", "y")).get("x");
            assertEquals(awkward.length, x.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(awkward[i]), Float.floatToRawIntBits(x[i]), "element " + i);
            }
            CachedTextEncoder encoder = new CachedTextEncoder(model, second);
            encoder.encode(List.of("y", "z"));
            encoder.encode(List.of("y", "z"));
            assertEquals(List.of(List.of("y", "z")), model.calls, "encoded once");
            assertEquals(0, second.lookup("other", List.of("x")).size(), "keys include the encoder name");
            assertEquals(3, second.count("fake"));
        }
    }

    @Test
    void theFirstWriterOfAKeyWins() {
        try (VectorCache a = VectorCache.onServer(url, null, w -> { }); VectorCache b = VectorCache.onServer(url, null, w -> { })) {
            a.store("fake", Map.of("t", new float[] {1, 2}));
            b.store("fake", Map.of("t", new float[] {3, 4}, "u", new float[] {5, 6}));
            assertArrayEquals(new float[] {1, 2}, b.lookup("fake", List.of("t")).get("t"));
            assertArrayEquals(new float[] {5, 6}, a.lookup("fake", List.of("u")).get("u"));
        }
    }

    @Test
    void aDamagedRowIsWarnedOfDeletedAndEncodedAgainOnce() throws Exception {
        float[] nan = CountingEncoder.vectorOf("nan", 4);
        nan[1] = Float.NaN;
        try (VectorCache raw = VectorCache.onServer(url, null, w -> { })) {
            raw.store("fake", Map.of("nan", nan, "narrow", new float[3], "good", CountingEncoder.vectorOf("good", 4)));
        }
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement q = c.prepareStatement("INSERT INTO vectors VALUES ('fake', ?, 'short', 4, ?)")) {
            q.setString(1, VectorCache.sha256("short"));
            q.setBytes(2, new byte[5]); // bytes that disagree with the width
            q.executeUpdate();
        }
        List<String> warnings = new ArrayList<>();
        List<String> texts = List.of("nan", "narrow", "good", "short");
        CountingEncoder model = new CountingEncoder("fake", 4);
        try (VectorCache cache = VectorCache.onServer(url, null, warnings::add)) {
            float[][] got = new CachedTextEncoder(model, cache).encode(texts);
            assertEquals(List.of(List.of("nan", "narrow", "short")), model.calls);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(CountingEncoder.vectorOf(texts.get(i), 4), got[i], texts.get(i));
            }
        }
        assertEquals(3, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.stream().allMatch(w -> w.lines().count() == 1 && w.contains("encoded again")), String.join("\n", warnings));
        warnings.clear();
        CountingEncoder again = new CountingEncoder("fake", 4);
        try (VectorCache cache = VectorCache.onServer(url, null, warnings::add)) {
            new CachedTextEncoder(again, cache).encode(texts);
        }
        assertEquals(List.of(), again.calls, "the fresh vectors took the damaged rows' place");
        assertEquals(List.of(), warnings);
    }

    @Test
    void anUnreachableServerIsOneStorageErrorWithoutTheUrlsParameters() {
        StorageException e = assertThrows(StorageException.class,
                () -> VectorCache.onServer("jdbc:postgresql://127.0.0.1:1/none?password=secret&connectTimeout=2", null, w -> { }));
        assertTrue(e.getMessage().startsWith("jdbc:postgresql://127.0.0.1:1/none: cannot open the vector cache"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VectorCache.onServer("jdbc:mysql://x/y", null, w -> { }));
    }
}
