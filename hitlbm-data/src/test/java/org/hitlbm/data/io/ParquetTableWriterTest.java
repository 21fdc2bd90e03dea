package org.hitlbm.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hitlbm.data.io.ParquetTableWriter.Codec;
import org.hitlbm.data.io.ParquetTableWriter.Column;
import org.hitlbm.data.io.ParquetTableWriter.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Files from {@link ParquetTableWriter}, read back by an independent reader (DuckDB's). */
class ParquetTableWriterTest {
    private static final List<Column> COLUMNS = List.of(new Column("label", Type.INT32),
            new Column("hist_item_id", Type.STRING), new Column("timestamp", Type.INT64), new Column("user_id", Type.INT32));

    @TempDir
    Path dir;

    private record Row(int label, String history, long timestamp, int user) {
    }

    private static List<Row> rows(int n, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        String[] texts = {"", "7", "1^22^333", "ü^€^𝄞", "a,b \"quoted\"\nnext line"};
        for (int i = 0; i < n; i++) {
            String text = random.nextInt(4) == 0 ? texts[random.nextInt(texts.length)] : random.ints(random.nextInt(30), 0, 1 << 20)
                    .mapToObj(Integer::toString).reduce((a, b) -> a + "^" + b).orElse("");
            rows.add(new Row(random.nextInt(2) - (i == 3 ? Integer.MAX_VALUE : 0), text,
                    random.nextLong() >> random.nextInt(64), random.nextInt()));
        }
        return rows;
    }

    private static void write(Path file, List<Row> rows, Codec codec, int rowsPerGroup) {
        try (ParquetTableWriter w = new ParquetTableWriter(file, COLUMNS, codec, rowsPerGroup, Map.of("hitlbm.seed", "42"))) {
            for (Row r : rows) {
                w.int32(r.label()).string(r.history()).int64(r.timestamp()).int32(r.user()).endRow();
            }
        }
    }

    private static List<Row> read(Path file) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT label, hist_item_id, timestamp, user_id FROM read_parquet('"
                        + file.toString().replace("'", "''") + "')")) {
            while (rs.next()) {
                rows.add(new Row(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getInt(4)));
            }
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void everyValueComesBackOverSeveralRowGroups(Codec codec) throws SQLException {
        List<Row> rows = rows(2_345, 7);
        Path file = dir.resolve("t-" + codec + ".parquet");
        write(file, rows, codec, 1_000);
        assertEquals(rows, read(file));
    }

    @Test
    void floatAndDoubleColumnsComeBackBitForBit() throws SQLException {
        Path file = dir.resolve("floats.parquet");
        float[] floats = {0f, -0.0f, 1f / 3f, Float.MIN_VALUE, -Float.MAX_VALUE, 1e-38f, Float.NaN, Float.POSITIVE_INFINITY};
        double[] doubles = {0.1, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Math.PI, -1e300, Double.NaN, Double.NEGATIVE_INFINITY};
        try (ParquetTableWriter w = new ParquetTableWriter(file, List.of(new Column("i", Type.INT32), new Column("f", Type.FLOAT),
                new Column("d", Type.DOUBLE)), Codec.GZIP, 3, Map.of())) {
            for (int i = 0; i < floats.length; i++) {
                w.int32(i).float32(floats[i]).float64(doubles[i]).endRow();
            }
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT i, f, d, typeof(f), typeof(d) FROM read_parquet('" + file + "') ORDER BY i")) {
            int n = 0;
            while (rs.next()) {
                int i = rs.getInt(1);
                assertEquals(Float.floatToIntBits(floats[i]), Float.floatToIntBits(rs.getFloat(2)), "float row " + i);
                assertEquals(Double.doubleToLongBits(doubles[i]), Double.doubleToLongBits(rs.getDouble(3)), "double row " + i);
                assertEquals("FLOAT", rs.getString(4));
                assertEquals("DOUBLE", rs.getString(5));
                n++;
            }
            assertEquals(floats.length, n);
        }
    }

    @Test
    void theSchemaTypesRowGroupsAndFooterMetadataAreWhatAReaderSees() throws SQLException {
        Path file = dir.resolve("schema.parquet");
        write(file, rows(250, 3), Codec.GZIP, 100);
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            List<String> types = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('"
                    + file + "'))")) {
                while (rs.next()) {
                    types.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
            assertEquals(List.of("label INTEGER", "hist_item_id VARCHAR", "timestamp BIGINT", "user_id INTEGER"), types);
            try (ResultSet rs = st.executeQuery("SELECT num_row_groups, num_rows FROM parquet_file_metadata('" + file + "')")) {
                rs.next();
                assertEquals(3, rs.getLong(1));
                assertEquals(250, rs.getLong(2));
            }
            try (ResultSet rs = st.executeQuery("SELECT decode(key), decode(value) FROM parquet_kv_metadata('" + file + "')")) {
                rs.next();
                assertEquals("hitlbm.seed=42", rs.getString(1) + "=" + rs.getString(2));
            }
        }
    }

    @Test
    void aTableWithoutRowsIsAValidEmptyFile() throws SQLException {
        Path file = dir.resolve("empty.parquet");
        write(file, List.of(), Codec.UNCOMPRESSED, 10);
        assertEquals(List.of(), read(file));
    }

    @Test
    void aValueOfTheWrongTypeOrAShortRowIsRefused() {
        try (ParquetTableWriter w = new ParquetTableWriter(dir.resolve("bad.parquet"), COLUMNS, Codec.UNCOMPRESSED, 10, Map.of())) {
            assertThrows(IllegalArgumentException.class, () -> w.string("not a label"));
            w.int32(1);
            assertThrows(IllegalStateException.class, w::endRow);
            w.string("").int64(0).int32(0).endRow();
        }
    }
}
