package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hitlbm.data.Interaction;
import org.hitlbm.data.RawDataset;
import org.hitlbm.experiments.pipeline.DataSource;
import org.hitlbm.experiments.spec.SpecLoader;
import org.hitlbm.tree.hts.InterestTree;
import org.hitlbm.tree.hts.TreeLayer;
import org.hitlbm.tree.hts.TreeStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code update}: the synthetic world searched on the first 80% of its time line, then updated with
 * the rest. The old layers stay as they were, the LLM is asked for the new layers only (each new
 * layer's expansions: the rating models are taken over), a resumed update asks for nothing, and the
 * new behaviours given as a file make the trees the whole time line's data makes.
 */
class UpdateCliTest extends CliHarness {
    private static final int EXPANSIONS = 2;
    private static final Pattern DRY_RUN = Pattern.compile("an update asks the LLM ([\\d,]+) call\\(s\\)");
    private static final Pattern UPDATED = Pattern.compile("(\\d+) LLM call\\(s\\) reached the backend");

    @TempDir
    Path dir;

    private Path spec(String name, Path cache) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  timeFraction: 0.8
                  synthetic: {users: 30, items: 150, minBehaviors: 150, maxBehaviors: 300}
                chunking: {size: 30}
                encoder: {name: bge-small-en-v1.5-q}
                tree: {expansions: %d, ratingCandidates: 2, ratingFolds: 2}
                fusion: {name: tif}
                backbone: {name: din}
                tracking: {enabled: false}
                paths: {results: %s, cache: %s}
                """.formatted(EXPANSIONS, dir.resolve("results"), cache));
        return file;
    }

    private static long updateCalls(String stdout) {
        Matcher m = UPDATED.matcher(stdout);
        assertTrue(m.find(), stdout);
        return Long.parseLong(m.group(1));
    }

    /** The tree stores (folders) under {@code cache/trees}. */
    private static List<Path> stores(Path cache) throws IOException {
        try (Stream<Path> s = Files.list(cache.resolve("trees"))) {
            return new ArrayList<>(s.filter(Files::isDirectory).toList());
        }
    }

    private static List<Integer> users(Path store) throws IOException {
        try (Stream<Path> s = Files.list(store)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("user-") && n.endsWith(".json"))
                    .map(n -> Integer.parseInt(n.substring(5, n.length() - 5))).sorted().toList();
        }
    }

    @Test
    void anUpdateAsksForTheNewLayersOnlyAndLeavesTheOldOnesAsTheyWere() throws IOException {
        Path cache = dir.resolve("cache");
        Path spec = spec("lifelong", cache);
        assertEquals(0, cli("hts", spec.toString()), stderr());
        Path oldStore = stores(cache).get(0);
        Map<String, String> searched = treeFiles(cache);
        Path csv = dir.resolve("staleness.csv");
        assertEquals(0, cli("update", spec.toString(), "--to", "dataset.timeFraction=1", "--dry-run", "--report", csv.toString()),
                stderr());
        Matcher plan = DRY_RUN.matcher(stdout());
        assertTrue(plan.find(), stdout());
        long plannedCalls = Long.parseLong(plan.group(1).replace(",", ""));
        List<String> rows = Files.readAllLines(csv);
        assertEquals("raw_user_id,chunks,stored_layers,kept_layers,pending_chunks", rows.get(0));
        long plannedLayers = rows.stream().skip(1).mapToLong(r -> Long.parseLong(r.substring(r.lastIndexOf(',') + 1))).sum();
        assertEquals(searched, treeFiles(cache), "a dry run writes no tree");

        assertEquals(0, cli("update", spec.toString(), "--to", "dataset.timeFraction=1"), stderr());
        long calls = updateCalls(stdout());
        assertEquals(plannedCalls, calls, "the dry run's count of calls");
        Path newStore = stores(cache).stream().filter(p -> !p.equals(oldStore)).findFirst().orElseThrow();
        long newLayers = 0;
        int grown = 0;
        int redone = 0;
        try (TreeStore before = new TreeStore(oldStore); TreeStore after = new TreeStore(newStore)) {
            for (int user : users(newStore)) {
                InterestTree updated = after.load(user).orElseThrow();
                List<TreeLayer> old = before.load(user).map(InterestTree::layers).orElse(List.of());
                int same = 0;
                while (same < old.size() && same < updated.layers().size() && old.get(same).equals(updated.layers().get(same))) {
                    same++;
                }
                // a user's last chunk may have been short then; the new behaviours complete it, so its layer is searched again
                assertTrue(same >= old.size() - 1, "user " + user + ": old layers kept " + same + " of " + old.size());
                redone += old.size() - same;
                grown += !old.isEmpty() && updated.layers().size() > old.size() ? 1 : 0;
                newLayers += updated.layers().size() - same;
            }
        }
        assertTrue(grown > 0 && newLayers > 0, grown + " grown, " + newLayers + " new layers");
        // beam 1: one parent per new layer; no rating data, no cascade, no rating model fitted
        assertEquals(newLayers * EXPANSIONS, calls, stdout());
        assertEquals(newLayers, plannedLayers, "the dry run's pending chunks: " + rows);
        System.out.printf("update: %d users grown, %d last layers redone, %d new layers, %d calls%n", grown, redone, newLayers, calls);
        assertTrue(stdout().contains("fold(s) taken over from the earlier run") && !stdout().contains("SRM/PRM fitted"), stdout());

        assertEquals(0, cli("update", spec.toString(), "--to", "dataset.timeFraction=1"), stderr());
        assertEquals(0, updateCalls(stdout()), "a repeated update finds every tree made: " + stdout());
        assertEquals(0, cli("hts", spec.toString(), "--set", "dataset.timeFraction=1"), stderr());
        assertTrue(stdout().contains("tree(s) read from " + newStore), "a run of the updated data reads the updated trees: " + stdout());

        Path scratch = spec("scratch", dir.resolve("scratch"));
        assertEquals(0, cli("hts", scratch.toString(), "--set", "dataset.timeFraction=1"), stderr());
        long fromScratch = llmCalls(stdout());
        assertTrue(calls * 5 < fromScratch, "update " + calls + " calls against " + fromScratch + " from scratch");
    }

    @Test
    void theNewBehavioursAsAFileMakeTheTreesOfTheWholeTimeLine() throws IOException {
        Path cache = dir.resolve("cache");
        Path spec = spec("lifelong", cache);
        RawDataset whole = DataSource.from(new SpecLoader().load(spec, List.of("dataset.timeFraction=1")).runs().get(0).config())
                .reader().get();
        long cutoff = whole.timeAt(0.8);
        List<String> later = new ArrayList<>();
        for (Interaction i : whole.interactions()) {
            if (i.timestamp() > cutoff) {
                later.add(whole.user(i.user()).rawId() + "\t" + whole.item(i.item()).rawId() + "\t" + (int) i.rating() + "\t" + i.timestamp());
            }
        }
        Path file = dir.resolve("later.tsv");
        Files.write(file, later);
        assertTrue(later.size() > 100, later.size() + " later behaviours");

        assertEquals(0, cli("hts", spec.toString()), stderr());
        List<Path> earlier = stores(cache);
        assertEquals(0, cli("update", spec.toString(), "--behaviors", file.toString()), stderr());
        assertTrue(stdout().contains("--set dataset.appended=" + file.toAbsolutePath()), stdout());
        Path fromFile = added(stores(cache), earlier);
        earlier = stores(cache);
        assertEquals(0, cli("update", spec.toString(), "--to", "dataset.timeFraction=1"), stderr());
        Path wholeLine = added(stores(cache), earlier);
        assertEquals(users(wholeLine), users(fromFile));
        for (int user : users(wholeLine)) {
            String name = "user-" + user + ".json";
            assertTrue(Files.readString(wholeLine.resolve(name)).equals(Files.readString(fromFile.resolve(name))), "user " + user
                    + ": the file's behaviours and the whole time line make other trees");
        }

        assertEquals(3, cli("update", spec.toString(), "--behaviors", dir.resolve("missing.tsv").toString()));
        assertTrue(stderr().startsWith("data error: ") && stderr().contains("missing.tsv"), stderr());
        assertEquals(2, cli("update", spec.toString(), "--to", "tree.expansions=3"));
        assertTrue(stderr().contains("dataset.* keys"), stderr());
    }

    private static Path added(List<Path> now, List<Path> before) {
        List<Path> added = now.stream().filter(p -> !before.contains(p)).toList();
        assertEquals(1, added.size(), "one tree store added: " + added);
        return added.get(0);
    }
}
