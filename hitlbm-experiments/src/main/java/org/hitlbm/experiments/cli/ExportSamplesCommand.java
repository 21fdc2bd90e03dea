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
import java.util.Map;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.io.StorageException;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.data.sample.FeatureSpace;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.Reporter;
import org.hitlbm.experiments.spec.ResolvedConfig;

/**
 * {@code export-samples SPEC.yaml --out DIR}: the exact CTR rows a run of the cell trains,
 * validates and tests on (train.csv, valid.csv, test.csv), every categorical feature as the dense
 * id the models embed, the recent behaviours as "^"-joined sequences (FuxiCTR's sequence format),
 * and the label; plus vocabularies.csv (rows of each id space, 0 reserved for padding), so another
 * framework can be compared on identical data. CSV only: no Parquet writer is among the
 * dependencies.
 */
final class ExportSamplesCommand {
    static final String SEQUENCE_SEPARATOR = "^";

    private final PrintStream out;
    private final Reporter reporter;

    ExportSamplesCommand(PrintStream out, Reporter reporter) {
        this.out = out;
        this.reporter = reporter;
    }

    /** Rows written per split, in the order train, valid, test. */
    Map<String, Integer> run(ResolvedConfig config, Path dir) {
        PreparedData data;
        try (Pipeline.Run run = new Pipeline().open(config, reporter)) {
            data = run.output(Pipeline.PREPARE);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw StorageException.writing(dir, e);
        }
        Map<String, Integer> written = new LinkedHashMap<>();
        written.put("train", write(data, Split.TRAIN, dir.resolve("train.csv")));
        written.put("valid", write(data, Split.VALIDATION, dir.resolve("valid.csv")));
        written.put("test", write(data, Split.TEST, dir.resolve("test.csv")));
        writeVocabularies(data.features(), dir.resolve("vocabularies.csv"));
        out.printf("export-samples: %,d train, %,d valid, %,d test rows of %s (%d recent behaviours per row at most) in %s%n",
                written.get("train"), written.get("valid"), written.get("test"), config.string("dataset.name"),
                data.samples().recentLength, dir);
        return written;
    }

    static List<String> header() {
        List<String> columns = new ArrayList<>(List.of("label", "user_id"));
        for (FeatureSpace.Field f : FeatureSpace.Field.ofItems()) {
            columns.add(column(f));
        }
        for (FeatureSpace.Field f : FeatureSpace.Field.ofUsers()) {
            columns.add(column(f));
        }
        for (FeatureSpace.Field f : FeatureSpace.Field.ofItems()) {
            columns.add("hist_" + column(f));
        }
        columns.add("hist_rating");
        columns.add("timestamp");
        return columns;
    }

    private static String column(FeatureSpace.Field f) {
        return f == FeatureSpace.Field.ITEM ? "item_id" : f.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static int write(PreparedData data, Split split, Path file) {
        CtrSamples s = data.samples();
        FeatureSpace features = data.features();
        int[] rows = s.rows(split);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", header()));
            w.newLine();
            StringBuilder line = new StringBuilder();
            for (int i : rows) {
                line.setLength(0);
                line.append(s.label[i]).append(',').append(s.user[i]);
                for (FeatureSpace.Field f : FeatureSpace.Field.ofItems()) {
                    line.append(',').append(features.id(f, s.item[i]));
                }
                for (FeatureSpace.Field f : FeatureSpace.Field.ofUsers()) {
                    line.append(',').append(features.id(f, s.user[i]));
                }
                for (FeatureSpace.Field f : FeatureSpace.Field.ofItems()) {
                    line.append(',');
                    appendRecent(line, s, i, j -> features.id(f, s.recentItems[j]));
                }
                line.append(',');
                appendRecent(line, s, i, j -> s.recentRatings[j]);
                line.append(',').append(s.timestamp[i]);
                w.write(line.toString());
                w.newLine();
            }
        } catch (IOException e) {
            throw StorageException.writing(file, e);
        }
        return rows.length;
    }

    /** A value per real recent behaviour of the row (padding, item 0, left out), in stored order, "^"-joined. */
    private static void appendRecent(StringBuilder line, CtrSamples s, int row, java.util.function.IntUnaryOperator valueAt) {
        boolean first = true;
        for (int j = row * s.recentLength; j < (row + 1) * s.recentLength; j++) {
            if (s.recentItems[j] != 0) {
                line.append(first ? "" : SEQUENCE_SEPARATOR).append(valueAt.applyAsInt(j));
                first = false;
            }
        }
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
