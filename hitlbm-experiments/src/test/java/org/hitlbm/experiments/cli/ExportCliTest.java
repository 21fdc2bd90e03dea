package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hitlbm.text.VectorCache;
import org.hitlbm.tree.hts.Candidate;
import org.hitlbm.tree.hts.InterestTree;
import org.hitlbm.tree.hts.TreeLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: {@code export} writes each user's chosen tree path with S_final and the vectors
 * fusion reads, and each item's knowledge vector, as Parquet an independent reader (DuckDB) reads
 * back: the texts are the stored trees', the vectors the vector cache's, bit for bit.
 */
class ExportCliTest extends CliHarness {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENCODER = "bge-small-en-v1.5-q";

    @TempDir
    Path dir;

    private Map<Integer, InterestTree> trees() throws IOException {
        Map<Integer, InterestTree> trees = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir.resolve("cache").resolve("trees"))) {
            for (Path p : walk.filter(f -> f.getFileName().toString().startsWith("user-")).toList()) {
                InterestTree t = JSON.readValue(p.toFile(), InterestTree.class);
                trees.put(t.user(), t);
            }
        }
        return trees;
    }

    private static float[] vector(ResultSet rs, int from, int d) throws java.sql.SQLException {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = rs.getFloat(from + i);
        }
        return v;
    }

    private static void assertBitEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), what + " [" + i + "]");
        }
    }

    /** {@code args} with the settings of a checkpointed one-epoch run of seeds 1 and 2. */
    private static String[] withTwoSeeds(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "seeds=[1, 2]", "--set", "train.checkpoint=true", "--set", "train.epochs=1"));
        return all.toArray(String[]::new);
    }

    @Test
    void theChosenPathsAndVectorsReadBackFromParquet() throws Exception {
        Path spec = dir.resolve("export.yaml");
        Files.writeString(spec, """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  synthetic: {users: 10, items: 120, minBehaviors: 60, maxBehaviors: 100}
                chunking: {size: 20}
                encoder: {name: %s}
                tree: {expansions: 2, ratingCandidates: 2}
                fusion: {name: tif, interests: hts}
                backbone: {name: din}
                tracking: {enabled: false}
                paths: {results: %s, cache: %s}
                """.formatted(ENCODER, dir.resolve("results"), dir.resolve("cache")));
        Path out = dir.resolve("export");
        assertEquals(0, cli("export", spec.toString(), "--out", out.toString()), stderr());
        assertTrue(stdout().contains("no trained fusion for this cell"), stdout());
        assertFalse(Files.exists(out.resolve("fusion")), "no fusion before a checkpointed run");
        assertTrue(stdout().contains("users.parquet") && stdout().contains("items.parquet"), stdout());
        Map<Integer, InterestTree> trees = trees();
        assertEquals(10, trees.size());

        int d;
        Map<String, float[]> userVectors = new java.util.HashMap<>();
        List<String> knowledgeTexts = new ArrayList<>();
        Map<String, float[]> itemVectors = new java.util.HashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            String users = "read_parquet('" + out.resolve("users.parquet") + "')";
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM (DESCRIBE SELECT * FROM " + users + ") WHERE regexp_matches(column_name, '^e[0-9]+$')")) {
                rs.next();
                d = rs.getInt(1);
            }
            assertEquals(384, d);
            long rows = 0;
            try (ResultSet rs = st.executeQuery("SELECT * FROM " + users + " ORDER BY user_id, chunk")) {
                while (rs.next()) {
                    rows++;
                    InterestTree tree = trees.get(rs.getInt("user_id"));
                    int chunk = rs.getInt("chunk");
                    TreeLayer layer = tree.layers().get(chunk);
                    Candidate chosen = layer.chosen();
                    assertEquals(chosen.text(), rs.getString("interest"), "user " + tree.user() + " chunk " + chunk);
                    assertEquals(chosen.score(), rs.getDouble("s_final"), 0.0);
                    assertEquals((float) chosen.score(), rs.getFloat("weight"), 0.0f, "fusion weighs the chunk by S_final");
                    assertEquals(tree.rawUserId(), rs.getString("raw_user_id"));
                    assertTrue(rs.getLong("start_time") <= rs.getLong("end_time") && rs.getInt("behaviours") > 0);
                    userVectors.put(chosen.text(), vector(rs, rs.findColumn("e0"), d));
                }
            }
            assertEquals(trees.values().stream().mapToInt(t -> t.layers().size()).sum(), rows, "a row per user and chunk");
            try (ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT user_id), min(chunk) FROM " + users
                    + " WHERE first_behaviour + behaviours > 0")) {
                rs.next();
                assertEquals(10, rs.getInt(2));
                assertEquals(0, rs.getInt(3));
            }
            try (ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + out.resolve("items.parquet") + "') ORDER BY item_id")) {
                while (rs.next()) {
                    knowledgeTexts.add(rs.getString("knowledge"));
                    itemVectors.put(rs.getString("knowledge"), vector(rs, rs.findColumn("e0"), d));
                }
            }
            assertTrue(knowledgeTexts.size() > 10 && knowledgeTexts.stream().allMatch(k -> !k.isBlank()), knowledgeTexts.toString());
            try (ResultSet rs = st.executeQuery("SELECT decode(value) FROM parquet_kv_metadata('" + out.resolve("users.parquet")
                    + "') WHERE decode(key) = 'hitlbm.config'")) {
                assertTrue(rs.next() && rs.getString(1).contains("interests: hts"), "the resolved config rides in the footer");
            }
        }
        try (VectorCache cache = VectorCache.open(dir.resolve("cache").resolve("vectors.sqlite"))) {
            Map<String, float[]> cachedUsers = cache.lookup(ENCODER, userVectors.keySet());
            userVectors.forEach((text, v) -> assertBitEqual(cachedUsers.get(text), v, text));
            Map<String, float[]> cachedItems = cache.lookup(ENCODER, itemVectors.keySet());
            itemVectors.forEach((text, v) -> assertBitEqual(cachedItems.get(text), v, text));
        }
        assertEquals(2, cli("export", spec.toString(), "--out", out.toString(), "--set", "fusion.name=none"));
        assertTrue(stderr().contains("fusion.name none"), stderr());

        // a run with train.checkpoint also saves the trained fusion for serving (UserInterestModelTest checks its vectors)
        assertEquals(0, cli("run", spec.toString(), "--set", "train.checkpoint=true", "--set", "train.epochs=1"), stderr());
        Path fusion;
        try (Stream<Path> walk = Files.walk(dir.resolve("results"))) {
            fusion = walk.filter(p -> p.getFileName().toString().equals("fusion.txt")).findFirst().orElseThrow().getParent();
        }
        assertEquals("checkpoint", fusion.getParent().getFileName().toString());
        int someUser = trees().keySet().iterator().next();
        // export with the run's spec and overrides brings the trained fusion along, beside the Parquet vectors it reads
        assertEquals(0, cli("export", spec.toString(), "--out", out.toString(), "--set", "train.checkpoint=true", "--set", "train.epochs=1"),
                stderr());
        assertTrue(stdout().contains("the trained fusion"), stdout());
        for (String file : List.of("fusion.onnx", "reference.tsv", "vectors.bin", "fusion.txt", "fusion.params")) {
            assertArrayEquals(Files.readAllBytes(fusion.resolve(file)), Files.readAllBytes(out.resolve("fusion").resolve(file)), file);
        }
        try (org.hitlbm.fusion.fuse.UserInterestModel serving = org.hitlbm.fusion.fuse.UserInterestModel.load(out.resolve("fusion"))) {
            org.hitlbm.fusion.fuse.UserInterestModel.Embedding e = serving.embed(someUser, 1);
            assertTrue(e.user().length > 0 && e.user().length == e.item().length, "e_user and e_item of outDim each");
            for (float v : e.user()) {
                assertTrue(Float.isFinite(v));
            }
        }
        // an export without the run's settings finds no fusion of its own and says the old one is not its
        assertEquals(0, cli("export", spec.toString(), "--out", out.toString()), stderr());
        assertTrue(stdout().contains("is from an earlier export"), stdout());
        // --seed picks another seed's run: its own trained fusion, not the first seed's; a seed the spec lacks is exit 2
        assertEquals(0, cli(withTwoSeeds("run", spec.toString())), stderr());
        Path seedTwo = dir.resolve("export-seed-2");
        assertEquals(0, cli(withTwoSeeds("export", spec.toString(), "--out", seedTwo.toString(), "--seed", "2")), stderr());
        List<Path> trained;
        try (Stream<Path> walk = Files.walk(dir.resolve("results"))) {
            trained = walk.filter(p -> p.getFileName().toString().equals("fusion.params")).toList();
        }
        assertEquals(2, trained.size(), "one trained fusion per seed: " + trained);
        byte[] exported = Files.readAllBytes(seedTwo.resolve("fusion").resolve("fusion.params"));
        assertFalse(Arrays.equals(Files.readAllBytes(fusion.resolve("fusion.params")), exported), "not the first seed's fusion");
        int matching = 0;
        for (Path p : trained) {
            matching += Arrays.equals(Files.readAllBytes(p), exported) ? 1 : 0;
        }
        assertEquals(1, matching, "the second seed's fusion");
        assertEquals(2, cli(withTwoSeeds("export", spec.toString(), "--out", seedTwo.toString(), "--seed", "5")));
        assertTrue(stderr().contains("--seed 5 is not one of the spec's seeds [1, 2]") && stderr().lines().count() == 1, stderr());
        // bench serving measures that folder on both engines; without a fusion it is one line and exit 2
        Path table = dir.resolve("serving.md");
        assertEquals(0, cli("bench", "serving", "--fusion", out.resolve("fusion").toString(), "--batch", "16", "--out", table.toString()),
                stderr());
        String md = Files.readString(table);
        assertTrue(md.contains("| onnxruntime |") && md.contains("| DJL (PyTorch) |"), md);
        assertEquals(2, cli("bench", "serving", "--fusion", dir.toString()));
        assertTrue(stderr().contains("has none") && stderr().lines().count() == 1, stderr());
    }
}
