package org.hitlbm.tree.hts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hitlbm.data.io.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, items 4, 11 and 15: a damaged tree file is searched again (with a warning), never a crash or a wrong tree. */
class TreeStoreSafetyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static InterestTree tree(int user, int layers) {
        List<TreeLayer> list = new ArrayList<>();
        for (int c = 0; c < layers; c++) {
            int parent = c == 0 ? -1 : 0;
            list.add(new TreeLayer(c, List.of(new Candidate(parent, 0, "interest " + c, 0.6, 0.4, 0.5, true),
                    new Candidate(parent, 1, "another " + c, 0.2, 0.1, 0.15, false))));
        }
        return new InterestTree(user, "raw" + user, 0.5, 0, list);
    }

    @Test
    void aDamagedEmptyOrShortTreeFileIsAMissWithAWarningNamingFileAndUser() throws Exception {
        List<String> warnings = new ArrayList<>();
        TreeStore store = new TreeStore(dir.resolve("trees"), warnings::add);
        for (int u = 1; u <= 8; u++) {
            store.save(tree(u, 3));
        }
        Files.writeString(store.file(1), "{}");
        Files.writeString(store.file(2), "null");
        Files.writeString(store.file(3), "{\"user\": 3, \"layers\": [{\"chunk\"");
        Files.writeString(store.file(4), JSON.writeValueAsString(tree(4, 2)));     // fewer layers than the user has chunks
        Files.writeString(store.file(5), JSON.writeValueAsString(tree(5, 0)));     // no layers at all
        Files.writeString(store.file(6), JSON.writeValueAsString(tree(99, 3)));    // another user's tree under this name
        InterestTree noChoice = tree(7, 3);
        List<TreeLayer> layers = new ArrayList<>(noChoice.layers());
        layers.set(1, new TreeLayer(1, List.of(new Candidate(0, 0, "x", 0.1, 0.1, 0.1, false))));
        Files.writeString(store.file(7), JSON.writeValueAsString(new InterestTree(7, "raw7", 0.5, 0, layers)));
        Files.write(store.file(8), new byte[0]);
        for (int u = 1; u <= 8; u++) {
            assertTrue(store.load(u, 3).isEmpty(), "user " + u + ": a bad file is a miss");
        }
        assertEquals(8, warnings.size(), String.join("\n", warnings));
        for (int u = 1; u <= 8; u++) {
            String file = store.file(u).toString();
            int user = u;
            assertEquals(1, warnings.stream().filter(w -> w.contains(file) && w.contains("user " + user)).count(), file + " in " + warnings);
        }
        assertTrue(warnings.stream().allMatch(w -> w.lines().count() == 1 && w.contains("searched again")), String.join("\n", warnings));
        store.save(tree(1, 3));
        assertEquals(tree(1, 3).chosenInterests(), store.load(1, 3).orElseThrow().chosenInterests(), "the new tree replaces the bad file");
        assertTrue(store.load(42, 3).isEmpty(), "no file: a plain miss");
        assertEquals(8, warnings.size(), "a missing file is no warning");
    }

    @Test
    void withoutAChunkCountATreeStillNeedsLayers() throws Exception {
        TreeStore store = new TreeStore(dir.resolve("trees"));
        store.save(tree(1, 2));
        assertEquals(2, store.load(1).orElseThrow().layers().size());
        Files.writeString(store.file(1), "null");
        assertTrue(store.load(1).isEmpty());
        Files.writeString(store.file(1), "{}");
        assertTrue(store.load(1).isEmpty());
        Files.writeString(store.file(1), JSON.writeValueAsString(tree(1, 0)));
        assertTrue(store.load(1).isEmpty(), "a tree of no layers is no tree");
    }

    @Test
    void leftoverTempFilesOfDeadWritersAreSweptAndSavesUseOwnedTempNames() throws Exception {
        Path trees = Files.createDirectories(dir.resolve("trees"));
        Path oldStyle = Files.writeString(trees.resolve("user-31234567890.tmp"), "{");        // Files.createTempFile of older builds
        Path dead = Files.writeString(trees.resolve(".user-4.json.4194399-ab12.tmp"), "{");   // a pid above Linux's pid_max
        Path live = Files.writeString(trees.resolve(".user-5.json." + ProcessHandle.current().pid() + "-cd34.tmp"), "{");
        TreeStore store = new TreeStore(trees);
        assertFalse(Files.exists(oldStyle));
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(live), "a file a live process is writing is left alone");
        store.save(tree(1, 2));
        try (Stream<Path> files = Files.list(trees)) {
            assertEquals(List.of(live.getFileName().toString(), "user-1.json"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aTreeThatCannotBeWrittenIsAStorageErrorNamingTheFile() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("trees"), "I am a file");
        TreeStore store = new TreeStore(notAFolder);
        StorageException e = assertThrows(StorageException.class, () -> store.save(tree(1, 2)));
        assertTrue(e.getMessage().contains(notAFolder.toString()), e.getMessage());
    }

    /** Two searches of one JVM on one store folder fit a fold one after the other; a second FileChannel.lock would throw. */
    @Test
    void twoThreadsFittingOneFoldWaitForEachOther() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Callable<Integer> fit = () -> new TreeStore(dir.resolve("trees")).whileFitting(0, () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inside.decrementAndGet();
        });
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(fit);
            var b = pool.submit(fit);
            a.get();
            b.get(); // before threads queued on a monitor: OverlappingFileLockException
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, most.get(), "one fit at a time");
    }
}
