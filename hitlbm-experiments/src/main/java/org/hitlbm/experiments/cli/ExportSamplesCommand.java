package org.hitlbm.experiments.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.io.ParquetTableWriter;
import org.hitlbm.data.io.ParquetTableWriter.Column;
import org.hitlbm.data.io.ParquetTableWriter.Type;
import org.hitlbm.data.io.StorageException;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.data.sample.FeatureSpace;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.spec.ResolvedConfig;
import org.hitlbm.experiments.spec.SpecException;
import org.hitlbm.experiments.tracking.GitInfo;

/**
 * {@code export-samples SPEC.yaml --out DIR [--format csv|parquet]}: the exact CTR rows a run of the
 * cell trains, validates and tests on (train, valid, test), every categorical feature as the dense
 * id the models embed, the recent behaviours as "^"-joined sequences (FuxiCTR's sequence format),
 * and the label; plus vocabularies.csv (rows of each id space, 0 reserved for padding), so another
 * framework can be compared on identical data. Parquet files carry the resolved config and the code
 * version in their footer.
 */
final class ExportSamplesCommand {
    static final String SEQUENCE_SEPARATOR = "^";
    /** Rows per Parquet row group: a few MB per column chunk at ML/Amazon widths. */
    static final int ROWS_PER_GROUP = 65_536;

    enum Format {
        CSV, PARQUET;

        String extension() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Format parse(String option) {
            for (Format f : values()) {
                if (f.extension().equals(option.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new SpecException("--format: '" + option + "' is not one of csv, parquet");
        }
    }

    private final PrintStream out;
    private final Reporter reporter;

    ExportSamplesCommand(PrintStream out, Reporter reporter) {
        this.out = out;
        this.reporter = reporter;
    }

    /** Rows written per split, in the order train, valid, test. */
    Map<String, Integer> run(ResolvedConfig config, Path dir, Format format) {
        PreparedData data;
        try (Pipeline.Run run = new Pipeline().open(config, reporter)) {
            data = run.output(Pipeline.PREPARE);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw StorageException.writing(dir, e);
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("hitlbm.git.commit", GitInfo.commit(Path.of("")));
        provenance.put("hitlbm.config", config.toYaml());
        Map<String, Integer> written = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            Path file = dir.resolve(fileStem(split) + "." + format.extension());
            Map<String, String> meta = new LinkedHashMap<>(provenance);
            meta.put("hitlbm.split", fileStem(split));
            written.put(fileStem(split), format == Format.CSV ? writeCsv(data, split, file) : writeParquet(data, split, file, meta));
        }
        writeVocabularies(data.features(), dir.resolve("vocabularies.csv"));
        out.printf("export-samples: %,d train, %,d valid, %,d test rows of %s (%d recent behaviours per row at most) as %s in %s%n",
                written.get("train"), written.get("valid"), written.get("test"), config.string("dataset.name"),
                data.samples().recentLength, format.extension(), dir);
        return written;
    }

    static String fileStem(Split split) {
        return switch (split) {
            case TRAIN -> "train";
            case VALIDATION -> "valid";
            case TEST -> "test";
        };
    }

    /** The exported columns, in file order. */
    static List<Column> columns() {
        List<Column> columns = new ArrayList<>(List.of(new Column("label", Type.INT32), new Column("user_id", Type.INT32)));
        for (FeatureSpace.Field f : FeatureSpace.Field.ofItems()) {
            columns.add(new Column(column(f), Type.INT32));
        }
        for (FeatureSpace.Field f : FeatureSpace.Field.ofUsers()) {
            columns.add(new Column(column(f), Type.INT32));
        }
        for (FeatureSpace.Field f : FeatureSpace.Field.ofItems()) {
            columns.add(new Column("hist_" + column(f), Type.STRING));
        }
        columns.add(new Column("hist_rating", Type.STRING));
        columns.add(new Column("timestamp", Type.INT64));
        return columns;
    }

    static List<String> header() {
        return columns().stream().map(Column::name).toList();
    }

    private static String column(FeatureSpace.Field f) {
        return f == FeatureSpace.Field.ITEM ? "item_id" : f.name().toLowerCase(Locale.ROOT);
    }

    /** Where one row's values go, in {@link #columns()} order. */
    private interface RowSink {
        void int32(int value);

        void int64(long value);

        void string(CharSequence value);

        void endRow() throws IOException;
    }

    private static void emit(CtrSamples s, FeatureSpace features, int i, RowSink sink, StringBuilder scratch) throws IOException {
        sink.int32(s.label[i]);
        sink.int32(s.user[i]);
        for (FeatureSpace.Field f : FeatureSpace.Field.ofItems()) {
            sink.int32(features.id(f, s.item[i]));
        }
        for (FeatureSpace.Field f : FeatureSpace.Field.ofUsers()) {
            sink.int32(features.id(f, s.user[i]));
        }
        for (FeatureSpace.Field f : FeatureSpace.Field.ofItems()) {
            sink.string(recent(scratch, s, i, j -> features.id(f, s.recentItems[j])));
        }
        sink.string(recent(scratch, s, i, j -> s.recentRatings[j]));
        sink.int64(s.timestamp[i]);
        sink.endRow();
    }

    private static int writeCsv(PreparedData data, Split split, Path file) {
        int[] rows = data.samples().rows(split);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", header()));
            w.newLine();
            StringBuilder line = new StringBuilder();
            RowSink csv = new RowSink() {
                public void int32(int value) {
                    separate().append(value);
                }

                public void int64(long value) {
                    separate().append(value);
                }

                // ids and "^" only: nothing to quote
                public void string(CharSequence value) {
                    separate().append(value);
                }

                public void endRow() throws IOException {
                    w.append(line);
                    w.newLine();
                    line.setLength(0);
                }

                private StringBuilder separate() {
                    return line.isEmpty() ? line : line.append(',');
                }
            };
            StringBuilder scratch = new StringBuilder();
            for (int i : rows) {
                emit(data.samples(), data.features(), i, csv, scratch);
            }
        } catch (IOException e) {
            throw StorageException.writing(file, e);
        }
        return rows.length;
    }

    private static int writeParquet(PreparedData data, Split split, Path file, Map<String, String> metadata) {
        int[] rows = data.samples().rows(split);
        try (ParquetTableWriter w = new ParquetTableWriter(file, columns(), ParquetTableWriter.Codec.GZIP, ROWS_PER_GROUP, metadata)) {
            RowSink parquet = new RowSink() {
                public void int32(int value) {
                    w.int32(value);
                }

                public void int64(long value) {
                    w.int64(value);
                }

                public void string(CharSequence value) {
                    w.string(value);
                }

                public void endRow() {
                    w.endRow();
                }
            };
            StringBuilder scratch = new StringBuilder();
            for (int i : rows) {
                emit(data.samples(), data.features(), i, parquet, scratch);
            }
        } catch (IOException e) {
            throw StorageException.writing(file, e);
        }
        return rows.length;
    }

    /** A value per real recent behaviour of the row (padding, item 0, left out), in stored order, "^"-joined. */
    private static StringBuilder recent(StringBuilder into, CtrSamples s, int row, IntUnaryOperator valueAt) {
        into.setLength(0);
        for (int j = row * s.recentLength; j < (row + 1) * s.recentLength; j++) {
            if (s.recentItems[j] != 0) {
                (into.isEmpty() ? into : into.append(SEQUENCE_SEPARATOR)).append(valueAt.applyAsInt(j));
            }
        }
        return into;
    }
    private static void writeVocabularies(FeatureSpace features, Path file) {
        StringBuilder b = new StringBuilder("feature,rows\nuser_id,").append(features.userVocabulary()).append('\n');
        for (FeatureSpace.Field f : FeatureSpace.Field.values()) {
            b.append(column(f)).append(',').append(features.vocabularySize(f)).append('\n');
        }
        b.append("rating,").append(FeatureSpace.RATING_VOCABULARY).append('\n');
        try {
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw StorageException.writing(file, e);
        }
    }
}
