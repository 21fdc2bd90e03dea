package org.hitlbm.tree.hts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.hitlbm.data.io.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code paths.store}: the tree store in a real PostgreSQL server (CI starts one), a database per test. */
class TreeStorePostgresTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private String url;

    @TempDir
    Path dir;

    @BeforeEach
    void database() throws Exception {
        url = TestPostgres.freshDatabase();
    }

    @Test
    void aTreeReadsBackAsTheFileStoreHoldsItAndStoresOfOtherSettingsAreApart() throws Exception {
        InterestTree tree = TreeStoreSafetyTest.tree(7, 3);
        TreeStore files = new TreeStore(dir.resolve("trees").resolve("key-a"));
        files.save(tree);
        try (TreeStore a = TreeStore.onServer(url, null, "key-a", w -> { }); TreeStore b = TreeStore.onServer(url, null, "key-b", w -> { })) {
            a.save(tree);
            assertEquals(null, a.dir());
            assertTrue(a.location().contains("key-a"), a.location());
            assertTrue(b.load(7, 3).isEmpty(), "another settings key is another store");
        }
        try (TreeStore again = TreeStore.onServer(url, null, "key-a", w -> { })) { // another machine
            InterestTree read = again.load(7, 3).orElseThrow();
            assertEquals(tree, read);
            assertEquals(Files.readString(files.file(7)), JSON.writeValueAsString(read), "the same JSON as the file");
            assertTrue(again.load(7, 4).isEmpty(), "the layer count is checked as for files");
            assertTrue(again.load(8, 3).isEmpty());
        }
    }

    @Test
    void theFirstTreeWrittenForAUserIsKept() {
        try (TreeStore a = TreeStore.onServer(url, null, "k", w -> { }); TreeStore b = TreeStore.onServer(url, null, "k", w -> { })) {
            a.save(TreeStoreSafetyTest.tree(1, 2));
            b.save(TreeStoreSafetyTest.tree(1, 3));
            assertEquals(2, b.load(1).orElseThrow().layers().size());
        }
    }

    @Test
    void anUnusableRowIsAMissWithAWarningAndItsReplacementIsStored() throws Exception {
        try (TreeStore store = TreeStore.onServer(url, null, "k", w -> { })) {
            store.save(TreeStoreSafetyTest.tree(1, 3));
        }
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement q = c.prepareStatement("INSERT INTO trees (store, user_id, tree) VALUES ('k', ?, ?)")) {
            q.setInt(1, 2);
            q.setString(2, "{\"user\": 2, \"layers\": [{\"chunk\"");
            q.executeUpdate();
            q.setInt(1, 3);
            q.setString(2, JSON.writeValueAsString(TreeStoreSafetyTest.tree(99, 3)));
            q.executeUpdate();
        }
        List<String> warnings = new ArrayList<>();
        try (TreeStore store = TreeStore.onServer(url, null, "k", warnings::add)) {
            assertTrue(store.load(1, 3).isPresent());
            assertTrue(store.load(2, 3).isEmpty());
            assertTrue(store.load(3, 3).isEmpty());
            assertEquals(2, warnings.size(), String.join("\n", warnings));
            assertTrue(warnings.get(0).contains("user 2") && warnings.get(1).contains("tree of user 99"), String.join("\n", warnings));
            assertTrue(warnings.stream().allMatch(w -> w.lines().count() == 1 && w.contains("searched again")));
            store.save(TreeStoreSafetyTest.tree(2, 3));
            store.save(TreeStoreSafetyTest.tree(3, 3));
            assertEquals(TreeStoreSafetyTest.tree(2, 3), store.load(2, 3).orElseThrow());
            assertEquals(TreeStoreSafetyTest.tree(3, 3), store.load(3, 3).orElseThrow());
            assertEquals(2, warnings.size());
        }
    }
}
