package org.hitlbm.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hitlbm.backbones.Backbone;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.data.settings.Setting;
import org.hitlbm.data.settings.SettingType;
import org.hitlbm.experiments.cli.Main;
import org.hitlbm.fusion.fuse.Fusions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: specs are input from outside. Names that become folders stay under results/, the
 * reader is bounded in bytes, code points and expanded nodes, errors never echo file content,
 * malformed keys and params are spec errors before anything trains, duplicate keys are errors
 * and an oversized grid is refused before it is expanded.
 */
class SpecSafetyTest {
    private static final Duration QUICK = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private SpecException failure(String yaml, String... overrides) throws IOException {
        Path file = write("bad.yaml", yaml);
        return assertThrows(SpecException.class, () -> new SpecLoader().load(file, List.of(overrides)));
    }

    private record Cli(int code, String out, String err) {
    }

    private static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneSpecErrorLine(Cli r) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("spec error: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    // ---- A: names that become path components ------------------------------------------------

    @Test
    void anExperimentNameThatWouldLeaveResultsIsASpecError() throws IOException {
        for (String name : List.of("../../x", "/tmp/elsewhere", "a/b", "..", ".hidden", "a..b", "x y", "'-x'", "\"\"")) {
            SpecException e = failure("tracking:\n  enabled: false\n  experiment: " + name + "\n");
            String message = e.getMessage();
            assertTrue(message.contains("bad.yaml:3: tracking.experiment: "), name + ": " + message);
            assertTrue(message.contains(SafePaths.ALLOWED), name + ": names the allowed characters: " + message);
        }
        SpecException set = failure("", "tracking.experiment=../../etc");
        assertTrue(set.getMessage().contains("--set tracking.experiment:0: tracking.experiment: "), set.getMessage());
        assertEquals("rq1-a_b.2", new SpecLoader().load(write("ok.yaml", "tracking: {experiment: rq1-a_b.2}\n")).name());
    }

    @Test
    void theDefaultExperimentNameFromTheFileNameIsCheckedToo() throws IOException {
        Path file = write("...yaml", "");
        SpecException e = assertThrows(SpecException.class, () -> new SpecLoader().load(file));
        assertTrue(e.getMessage().contains("tracking.experiment") && e.getMessage().contains("file name"), e.getMessage());
    }

    @Test
    void safePathsResolvesOnlyUnderTheRoot() throws IOException {
        Path root = Files.createDirectories(dir.resolve("results"));
        assertEquals(root.toAbsolutePath().normalize().resolve("exp"), SafePaths.under(root, "exp"));
        assertEquals(root.toAbsolutePath().normalize().resolve("exp/run-1"), SafePaths.under(root, "exp/run-1"));
        for (String bad : List.of("../x", "/etc", "a/../../x", "", ".", "a/..", "nul\0l")) {
            SpecException e = assertThrows(SpecException.class, () -> SafePaths.under(root, bad), bad);
            assertTrue(e.getMessage().contains(root.toAbsolutePath().normalize().toString()), e.getMessage());
        }
        Path outside = Files.createDirectories(dir.resolve("outside"));
        try {
            Files.createSymbolicLink(root.resolve("link"), outside);
        } catch (UnsupportedOperationException | IOException e) {
            return; // no symlinks here
        }
        assertThrows(SpecException.class, () -> SafePaths.under(root, "link/x"), "a link out of the root is outside");
    }

    // ---- B: bounded input --------------------------------------------------------------------

    /** 16 levels of 3 aliases: 48 aliases (under SnakeYAML's 50), 3^16 = 43 million nodes once expanded. */
    private static String billionLaughs() {
        StringBuilder yaml = new StringBuilder("description: &l0 lol\n");
        for (int i = 1; i <= 16; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l").append(i - 1)
                    .append(", *l").append(i - 1).append("]\n");
        }
        return yaml.toString();
    }

    @Test
    void anAliasBombIsRefusedQuicklyNamingTheFile() throws IOException {
        Path file = write("bomb.yaml", billionLaughs());
        SpecException e = assertTimeoutPreemptively(QUICK, () -> assertThrows(SpecException.class, () -> new SpecLoader().load(file)));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("nodes"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void anAliasThatContainsItselfIsRefusedNotFollowedForever() throws IOException {
        Path file = write("loop.yaml", "description: &a [*a]\n");
        SpecException e = assertTimeoutPreemptively(QUICK, () -> assertThrows(SpecException.class, () -> new SpecLoader().load(file)));
        assertTrue(e.getMessage().startsWith(file + ":1: ") && e.getMessage().contains("deep"), e.getMessage());
    }

    @Test
    void aliasesReusingLongTextAreBoundedToo() throws IOException {
        String big = "x".repeat(400_000);
        Path file = write("text.yaml", "description: &t " + big + "\nl1: &l1 [*t, *t, *t, *t, *t, *t, *t, *t, *t, *t]\n"
                + "l2: [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]\n");
        SpecException e = assertTimeoutPreemptively(QUICK, () -> assertThrows(SpecException.class, () -> new SpecLoader().load(file)));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("text"), e.getMessage());
    }

    @Test
    void devZeroAsASpecOrABaseIsRefusedWithoutReadingItAll() throws IOException {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "needs /dev/zero");
        SpecException direct = assertTimeoutPreemptively(QUICK, () -> assertThrows(SpecException.class, () -> new SpecLoader().load(zero)));
        assertTrue(direct.getMessage().startsWith("/dev/zero: ") && direct.getMessage().contains("1 MiB"), direct.getMessage());
        Path child = write("child.yaml", "extends: /dev/zero\n");
        SpecException base = assertTimeoutPreemptively(QUICK, () -> assertThrows(SpecException.class, () -> new SpecLoader().load(child)));
        assertTrue(base.getMessage().contains("/dev/zero") && base.getMessage().contains("1 MiB"), base.getMessage());
        assertEquals(1, base.getMessage().lines().count(), base.getMessage());
    }

    @Test
    void aSpecFileOverTheSizeLimitIsRefused() throws IOException {
        Path file = write("huge.yaml", "description: " + "y".repeat(YamlFiles.MAX_FILE_BYTES) + "\n");
        SpecException e = assertThrows(SpecException.class, () -> new SpecLoader().load(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains("1 MiB"), e.getMessage());
    }

    @Test
    void extendsCannotFanOutWithoutBound() throws IOException {
        // each level names the next 8 times: 8^6 reads without a bound
        for (int i = 0; i < 6; i++) {
            String next = "l" + (i + 1) + ".yaml";
            write("l" + i + ".yaml", "extends: [" + String.join(", ", java.util.Collections.nCopies(8, next)) + "]\n");
        }
        write("l6.yaml", "train: {epochs: 2}\n");
        SpecException e = assertTimeoutPreemptively(QUICK,
                () -> assertThrows(SpecException.class, () -> new SpecLoader().load(dir.resolve("l0.yaml"))));
        assertTrue(e.getMessage().contains("extends"), e.getMessage());
    }

    // ---- C: errors never echo file content ---------------------------------------------------

    @Test
    void extendingANonSpecFileDoesNotEchoItsContent() throws IOException {
        String secret = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
        write("passwd", secret);
        SpecException e = failure("extends: passwd\n");
        assertFalse(e.getMessage().contains("root:x") || e.getMessage().contains("/bin/bash") || e.getMessage().contains("daemon"),
                e.getMessage());
        assertTrue(e.getMessage().contains("passwd"), "names the file: " + e.getMessage());
        Path etc = Path.of("/etc/passwd");
        if (Files.isReadable(etc)) {
            String first = Files.readAllLines(etc).stream().filter(l -> !l.isBlank()).findFirst().orElse("");
            SpecException real = failure("extends: /etc/passwd\n");
            assertFalse(!first.isEmpty() && real.getMessage().contains(first.substring(0, Math.min(first.length(), 12))),
                    real.getMessage());
        }
    }

    @Test
    void quotedValuesAreShortAndShowControlCharacters() throws IOException {
        SpecException e = failure("chunking:\n  mode: \"we\\u0007ek\\nly\"\n");
        assertTrue(e.getMessage().contains("'we\\u0007ek\\nly'"), e.getMessage());
        SpecException longValue = failure("chunking:\n  mode: " + "z".repeat(5000) + "\n");
        assertTrue(longValue.getMessage().length() < 400, longValue.getMessage().length() + " chars");
        SpecException longKey = failure("train:\n  " + "k".repeat(5000) + ": 1\n");
        assertTrue(longKey.getMessage().length() < 600, longKey.getMessage().length() + " chars");
    }

    // ---- D: malformed override keys ----------------------------------------------------------

    @Test
    void malformedOverrideKeysAreSpecErrors() throws IOException {
        Path file = write("s.yaml", "");
        for (String override : List.of(".=3", "a..b=3", ".train.epochs=3", "train.epochs.=3", "grid.=[1]", "grid..x=[1]", " . =1")) {
            SpecException e = assertThrows(SpecException.class, () -> new SpecLoader().load(file, List.of(override)), override);
            assertTrue(e.getMessage().startsWith("--set "), override + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("dotted key"), override + ": " + e.getMessage());
        }
        assertOneSpecErrorLine(cli("validate", file.toString(), "--set", ".=3"));
    }

    @Test
    void malformedKeysInVariantsAndTheGridAreSpecErrors() throws IOException {
        SpecException variant = failure("variants:\n  A: {\".\": 1}\n  B: {\"train..epochs\": 2}\n");
        assertTrue(variant.getMessage().contains("variants.A") && variant.getMessage().contains("dotted key"), variant.getMessage());
        SpecException grid = failure("grid:\n  backbone.params..x: [1]\n");
        assertTrue(grid.getMessage().contains("bad.yaml:2: grid.backbone.params..x"), grid.getMessage());
    }

    // ---- E: backbone and fusion params are checked by validate -------------------------------

    @Test
    void backboneParamsOutOfRangeNameTheKeyAndTheRange() throws IOException {
        SpecException e = failure("backbone:\n  name: din\n  params:\n    embeddingDim: -5\n    hiddenUnits: \"abc,-1\"\n"
                + "    dropout: 7.5\n    sideFields: both\n");
        String m = e.getMessage();
        assertEquals(4, e.problems().size(), m);
        assertTrue(m.contains("bad.yaml:4: backbone.params.embeddingDim: expected an integer in [1, 4096], got -5"), m);
        assertTrue(m.contains("bad.yaml:5: backbone.params.hiddenUnits: expected comma-separated layer widths"), m);
        assertTrue(m.contains("got 'abc,-1'"), m);
        assertTrue(m.contains("bad.yaml:6: backbone.params.dropout: expected a number in [0, 1), got 7.5"), m);
        assertTrue(m.contains("bad.yaml:7: backbone.params.sideFields: expected one of split, joint, got 'both'"), m);
    }

    @Test
    void everyModelsOwnParamsAreChecked() throws IOException {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("dien", "gruUnits: 0"), Map.entry("dcnv2", "crossLayers: -1"), Map.entry("autoint", "heads: 0"),
                Map.entry("fibinet", "reductionRatio: 0.0"), Map.entry("xdeepfm", "cinLayers: \"50,,50\""),
                Map.entry("fignn", "gnnLayers: 0"));
        for (Map.Entry<String, String> b : bad.entrySet()) {
            SpecException e = failure("backbone:\n  name: " + b.getKey() + "\n  params:\n    " + b.getValue() + "\n");
            String key = b.getValue().substring(0, b.getValue().indexOf(':'));
            assertTrue(e.getMessage().contains("bad.yaml:4: backbone.params." + key + ": expected "), b.getKey() + ": " + e.getMessage());
        }
        SpecException structure = failure("backbone:\n  name: dcnv2\n  params: {structure: diagonal}\n");
        assertTrue(structure.getMessage().contains("backbone.params.structure: expected one of parallel, stacked"), structure.getMessage());
    }

    @Test
    void fusionParamsAreCheckedIncludingHeadsDividingModelDim() throws IOException {
        String base = "backbone: {name: din}\nfusion:\n  name: sa\n  params:\n";
        SpecException zero = failure(base + "    heads: 0\n    modelDim: 7\n");
        assertTrue(zero.getMessage().contains("bad.yaml:5: fusion.params.heads: expected an integer in [1, 64], got 0"), zero.getMessage());
        SpecException indivisible = failure(base + "    modelDim: 7\n");
        assertTrue(indivisible.getMessage().contains("bad.yaml:5: fusion.params.modelDim: must be divisible by fusion.params.heads (8)"),
                indivisible.getMessage());
        SpecException tif = failure("backbone: {name: din}\nfusion:\n  name: tif\n  params: {dropout: 1.0, positions: rotary,"
                + " outDim: 0, crossAttention: all}\n");
        assertEquals(4, tif.problems().size(), tif.getMessage());
        assertTrue(tif.getMessage().contains("fusion.params.dropout: expected a number in [0, 1), got 1.0"), tif.getMessage());
        assertTrue(tif.getMessage().contains("fusion.params.positions: expected one of sinusoidal, learned, none, got 'rotary'"),
                tif.getMessage());
        SpecException mlp = failure("backbone: {name: din}\nfusion:\n  name: mlp\n  params: {hiddenUnits: \"64,0\", pooling: max}\n");
        assertEquals(2, mlp.problems().size(), mlp.getMessage());
    }

    @Test
    void paramsVariedByTheGridAreCheckedPerCell() throws IOException {
        SpecException e = failure("backbone: {name: din}\ngrid:\n  backbone.params.embeddingDim:\n    - 8\n    - -5\n");
        assertTrue(e.getMessage().contains("bad.yaml:5: backbone.params.embeddingDim: expected an integer in [1, 4096], got -5"),
                e.getMessage());
    }

    @Test
    void everyParamOfEveryBackboneAndFusionHasARuleThatItsDefaultPasses() {
        for (Backbone b : Backbones.all()) {
            for (Setting p : b.params()) {
                assertTrue(!p.expectation().isBlank() && !p.help().isBlank(), b.name() + "." + p.name() + " has no rule or help");
                assertTrue(!p.allows("not-" + p.name()) || p.type() == SettingType.STRING, b.name() + "." + p.name() + " allows anything");
            }
            assertEquals(List.of(), Setting.check(b.params(), b.defaultParams()), b.name() + " defaults");
        }
        for (String f : Fusions.names()) {
            for (Setting p : Fusions.params(f)) {
                assertTrue(!p.expectation().isBlank() && !p.help().isBlank(), f + "." + p.name() + " has no rule or help");
                assertTrue(!p.allows(List.of()), f + "." + p.name() + " allows anything");
            }
            assertEquals(List.of(), Fusions.check(f, Fusions.defaultParams(f)), f + " defaults");
        }
    }

    @Test
    void runRefusesBadParamsBeforeTrainingAnything() throws IOException {
        Path file = write("run.yaml", "backbone:\n  name: din\n  params: {embeddingDim: -5}\ntracking: {enabled: false}\n"
                + "paths: {results: " + dir.resolve("results") + ", cache: " + dir.resolve("cache") + "}\n");
        Cli r = cli("run", file.toString());
        assertOneSpecErrorLine(r);
        assertTrue(r.err().contains("backbone.params.embeddingDim"), r.err());
        assertFalse(Files.exists(dir.resolve("results")), "nothing was written");
    }

    // ---- F: duplicate keys and the grid's size -----------------------------------------------

    @Test
    void duplicateKeysAreErrorsNamingFileLineAndKey() throws IOException {
        SpecException nested = failure("train:\n  epochs: 3\n  patience: 2\n  epochs: 5\n");
        assertTrue(nested.getMessage().contains("bad.yaml:4: duplicate key 'train.epochs' (first at line 2)"), nested.getMessage());
        SpecException top = failure("train: {epochs: 3}\ntree: {alpha: 0.5}\ntrain: {patience: 2}\n");
        assertTrue(top.getMessage().contains("bad.yaml:3: duplicate key 'train' (first at line 1)"), top.getMessage());
        SpecException set = failure("", "train={epochs: 1, epochs: 2}");
        assertTrue(set.getMessage().contains("duplicate key 'epochs'"), set.getMessage());
    }

    @Test
    void aGridOverTheCellLimitIsRefusedBeforeItIsExpanded() throws IOException {
        String values = "[" + String.join(", ", java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(String::valueOf).toList()) + "]";
        Path file = write("million.yaml", "grid:\n  chunking.size: " + values + "\n  train.epochs: " + values + "\n  train.patience: "
                + values + "\n");
        SpecException e = assertTimeoutPreemptively(QUICK, () -> assertThrows(SpecException.class, () -> new SpecLoader().load(file)));
        assertTrue(e.getMessage().contains("1000000 cells") && e.getMessage().contains("--max-cells")
                && e.getMessage().contains("10000"), e.getMessage());
        Path overflow = write("overflow.yaml", "grid:\n" + java.util.stream.IntStream.range(0, 12)
                .mapToObj(i -> "  " + List.of("chunking.size", "train.epochs", "train.patience", "train.batchSize", "tree.expansions",
                        "tree.evalItemsPerClass", "tree.historyK", "tree.beamWidth", "dataset.recentBehaviors", "llm.maxTokens",
                        "llm.concurrency", "encoder.batchSize").get(i) + ": " + values + "\n").reduce("", String::concat));
        SpecException huge = assertTimeoutPreemptively(QUICK,
                () -> assertThrows(SpecException.class, () -> new SpecLoader().load(overflow)));
        assertTrue(huge.getMessage().contains("1000000000000000000000000 cells"), huge.getMessage());
    }

    @Test
    void variantsCountTowardsTheCellLimit() throws IOException {
        Path file = write("six.yaml", "variants:\n  A: {}\n  B: {}\ngrid:\n  chunking.size: [10, 20, 30]\n");
        SpecException e = assertThrows(SpecException.class, () -> new SpecLoader().maxCells(5).load(file));
        assertTrue(e.getMessage().contains("6 cells (2 variants x 3)") && e.getMessage().contains("--max-cells 5"), e.getMessage());
        assertEquals(6, new SpecLoader().maxCells(6).load(file).cells().size());
    }

    @Test
    void maxCellsIsAnOptionOfRunAndValidate() throws IOException {
        Path file = write("six.yaml", "tracking: {enabled: false}\ngrid:\n  chunking.size: [10, 20, 30, 40, 50, 60]\n"
                + "paths: {results: " + dir.resolve("results") + ", cache: " + dir.resolve("cache") + "}\n");
        Cli refused = cli("validate", file.toString(), "--max-cells", "5");
        assertOneSpecErrorLine(refused);
        assertTrue(refused.err().contains("6 cells") && refused.err().contains("--max-cells"), refused.err());
        Cli ok = cli("validate", file.toString(), "--max-cells", "6");
        assertEquals(0, ok.code(), ok.err());
        Cli run = cli("run", file.toString(), "--max-cells", "5");
        assertOneSpecErrorLine(run);
        assertFalse(Files.exists(dir.resolve("results")), "nothing ran");
        assertOneSpecErrorLine(cli("validate", file.toString(), "--max-cells", "0"));
    }
}
