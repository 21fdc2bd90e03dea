package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.data.sample.FeatureSpace;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export-samples}: the rows a run trains, validates and tests on, column for column. */
class ExportSamplesCliTest extends CliHarness {
    @TempDir
    Path dir;

    private Path spec() throws IOException {
        Path file = dir.resolve("export.yaml");
        Files.writeString(file, """
                dataset:
                  name: synthetic
                  minUserInteractions: 20
                  recentBehaviors: 4
                  synthetic: {users: 20, items: 120, minBehaviors: 40, maxBehaviors: 80}
                backbone: {name: din}
                tracking: {enabled: false}
                paths: {results: %s, cache: %s}
                """.formatted(dir.resolve("results"), dir.resolve("cache")));
        return file;
    }

    @Test
    void everySplitsRowsWithTheirFeaturesAndRecentBehaviours() throws IOException {
        Path spec = spec();
        Path out = dir.resolve("samples");
        assertEquals(0, cli("export-samples", spec.toString(), "--out", out.toString()), stderr());
        assertTrue(stdout().contains("export-samples: "), stdout());

        ResolvedConfig config = new SpecLoader().load(spec).runs().get(0).config();
        PreparedData data;
        try (Pipeline.Run run = new Pipeline().open(config, Reporter.SILENT)) {
            data = run.output(Pipeline.PREPARE);
        }
        CtrSamples s = data.samples();
        FeatureSpace features = data.features();
        List<String> header = ExportSamplesCommand.header();
        assertEquals(List.of("label", "user_id", "item_id", "category", "gender", "age", "occupation", "hist_item_id",
                "hist_category", "hist_rating", "timestamp"), header);
        for (Split split : Split.values()) {
            String name = switch (split) {
                case TRAIN -> "train";
                case VALIDATION -> "valid";
                case TEST -> "test";
            };
            List<String> lines = Files.readAllLines(out.resolve(name + ".csv"));
            int[] rows = s.rows(split);
            assertEquals(String.join(",", header), lines.get(0));
            assertEquals(rows.length, lines.size() - 1, name + ": every row of the split, nothing else");
            assertTrue(rows.length > 0, name);
            for (int k = 0; k < rows.length; k += Math.max(1, rows.length / 25)) {
                int i = rows[k];
                String[] c = lines.get(k + 1).split(",", -1);
                assertEquals(header.size(), c.length, lines.get(k + 1));
                assertEquals(s.label[i], Integer.parseInt(c[0]));
                assertEquals(s.user[i], Integer.parseInt(c[1]));
                assertEquals(s.item[i], Integer.parseInt(c[2]));
                assertEquals(features.id(FeatureSpace.Field.CATEGORY, s.item[i]), Integer.parseInt(c[3]));
                assertEquals(features.id(FeatureSpace.Field.OCCUPATION, s.user[i]), Integer.parseInt(c[6]));
                String[] history = c[7].isEmpty() ? new String[0] : c[7].split("\\^");
                assertEquals(s.recentCount(i), history.length, "recent behaviours without padding: " + c[7]);
                assertEquals(history.length, c[9].isEmpty() ? 0 : c[9].split("\\^").length, "a rating per behaviour");
                assertEquals(s.timestamp[i], Long.parseLong(c[10]));
            }
        }
        List<String> vocabularies = Files.readAllLines(out.resolve("vocabularies.csv"));
        assertTrue(vocabularies.contains("item_id," + features.itemVocabulary()), vocabularies.toString());
    }

    @Test
    void anOutputThatCannotBeADirectoryIsOneLineAndExitCodeSix() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "a file");
        assertEquals(6, cli("export-samples", spec().toString(), "--out", file.toString()));
        assertEquals(1, stderr().strip().lines().count(), stderr());
        assertTrue(stderr().startsWith("storage error: ") && stderr().contains("taken"), stderr());
    }
}
