package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
            String name = ExportSamplesCommand.fileStem(split);
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
    void parquetHoldsTheSameRowsAsCsvWithTypedColumnsAndTheConfigInItsFooter() throws IOException, SQLException {
        Path spec = spec();
        Path csv = dir.resolve("csv");
        Path parquet = dir.resolve("parquet");
        assertEquals(0, cli("export-samples", spec.toString(), "--out", csv.toString()), stderr());
        assertEquals(0, cli("export-samples", spec.toString(), "--out", parquet.toString(), "--format", "parquet"), stderr());
        assertTrue(stdout().contains("as parquet in"), stdout());
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            for (Split split : Split.values()) {
                String name = ExportSamplesCommand.fileStem(split);
                List<String> csvLines = Files.readAllLines(csv.resolve(name + ".csv"));
                Path file = parquet.resolve(name + ".parquet");
                List<String> parquetLines = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + file + "')")) {
                    int n = rs.getMetaData().getColumnCount();
                    List<String> names = new ArrayList<>();
                    for (int c = 1; c <= n; c++) {
                        names.add(rs.getMetaData().getColumnName(c));
                    }
                    parquetLines.add(String.join(",", names));
                    while (rs.next()) {
                        List<String> values = new ArrayList<>();
                        for (int c = 1; c <= n; c++) {
                            values.add(rs.getString(c));
                        }
                        parquetLines.add(String.join(",", values));
                    }
                }
                assertTrue(csvLines.size() > 1, name);
                assertEquals(csvLines, parquetLines, name + ": row for row, column for column");
                try (ResultSet rs = st.executeQuery("SELECT column_type FROM (DESCRIBE SELECT label, hist_item_id, timestamp"
                        + " FROM read_parquet('" + file + "'))")) {
                    List<String> types = new ArrayList<>();
                    while (rs.next()) {
                        types.add(rs.getString(1));
                    }
                    assertEquals(List.of("INTEGER", "VARCHAR", "BIGINT"), types);
                }
                Map<String, String> meta = new HashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT decode(key), decode(value) FROM parquet_kv_metadata('" + file + "')")) {
                    while (rs.next()) {
                        meta.put(rs.getString(1), rs.getString(2));
                    }
                }
                assertEquals(name, meta.get("hitlbm.split"));
                assertTrue(meta.get("hitlbm.config").contains("recentBehaviors: 4"), meta.toString());
                assertTrue(meta.containsKey("hitlbm.git.commit"), meta.toString());
            }
        }
    }

    @Test
    void anUnknownFormatIsOneLineAndExitCodeTwo() throws IOException {
        assertEquals(2, cli("export-samples", spec().toString(), "--out", dir.resolve("x").toString(), "--format", "orc"));
        assertEquals(1, stderr().strip().lines().count(), stderr());
        assertTrue(stderr().contains("--format") && stderr().contains("orc"), stderr());
    }

    @Test
    void anOutputThatCannotBeADirectoryIsOneLineAndExitCodeSix() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "a file");
        assertEquals(6, cli("export-samples", spec().toString(), "--out", file.toString()));
        assertEquals(1, stderr().strip().lines().count(), stderr());
        assertTrue(stderr().startsWith("storage error: ") && stderr().contains("taken"), stderr());
    }
}
