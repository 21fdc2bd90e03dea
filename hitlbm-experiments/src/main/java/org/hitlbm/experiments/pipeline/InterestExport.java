package org.hitlbm.experiments.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.UserChunks;
import org.hitlbm.data.io.ParquetTableWriter;
import org.hitlbm.data.io.ParquetTableWriter.Column;
import org.hitlbm.data.io.ParquetTableWriter.Type;
import org.hitlbm.data.io.StorageException;
import org.hitlbm.data.prep.UserHistory;
import org.hitlbm.fusion.fuse.ChunkVectors;

/**
 * A run's lifelong interests for a serving system, as Parquet (columnar, read by pyarrow, Spark and
 * DuckDB): {@code users.parquet}, a row per user and chunk with the chunk's behaviours and time
 * range, its interest text (the chosen path of the tree for {@code fusion.interests: hts}), S_final,
 * the weight fusion gives it and the vector fusion reads ({@code e0..e<d-1>}); {@code items.parquet},
 * a row per item with its knowledge text and vector. The vectors are the vectors stage's own, so
 * they are those the trained fusion saw. The footer holds the resolved config and the code version.
 */
public final class InterestExport {
    /** Rows per row group: a few MB per column chunk at 384-d. */
    static final int ROWS_PER_GROUP = 16_384;

    /** What was written. */
    public record Written(Path users, long userRows, Path items, long itemRows, int dimension, String source) {
    }

    private InterestExport() {
    }

    /** Computes (or reads from the caches) the interests and vectors of {@code run}'s config and writes them under {@code dir}. */
    public static Written write(Pipeline.Run run, Path dir, Map<String, String> provenance) {
        PreparedData data = run.output(Pipeline.PREPARE);
        ChunkVectors vectors = run.output(Pipeline.VECTORS);
        InterestSource source = InterestSources.byName(run.config().string("fusion.interests"));
        ChunkTexts texts = source.texts(run);
        Map<Integer, String> knowledge = run.session().cascade().allItemKnowledge(data);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw StorageException.writing(dir, e);
        }
        Map<String, String> meta = new LinkedHashMap<>(provenance);
        meta.put("hitlbm.interests", source.label());
        meta.put("hitlbm.encoder", run.config().string("fusion.encoder").equals("same") ? run.config().string("encoder.name")
                : run.config().string("fusion.encoder"));
        int d = vectors.dim();
        Path users = dir.resolve("users.parquet");
        long userRows = 0;
        List<Column> userColumns = new ArrayList<>(List.of(new Column("user_id", Type.INT32), new Column("raw_user_id", Type.STRING),
                new Column("chunk", Type.INT32), new Column("first_behaviour", Type.INT32), new Column("behaviours", Type.INT32),
                new Column("start_time", Type.INT64), new Column("end_time", Type.INT64), new Column("interest", Type.STRING),
                new Column("s_final", Type.DOUBLE), new Column("weight", Type.FLOAT)));
        userColumns.addAll(vectorColumns(d));
        try (ParquetTableWriter w = new ParquetTableWriter(users, userColumns, ParquetTableWriter.Codec.GZIP, ROWS_PER_GROUP, meta)) {
            for (int u = 0; u < data.dataset().histories().size(); u++) {
                UserHistory h = data.dataset().histories().get(u);
                UserChunks chunks = data.chunks().get(u);
                List<String> interests = texts.texts().get(h.user());
                double[] scores = texts.scores() == null ? null : texts.scores().get(h.user());
                for (int j = 0; j < chunks.count(); j++) {
                    w.int32(h.user()).string(data.dataset().raw().user(h.user()).rawId()).int32(j).int32(chunks.start(j))
                            .int32(chunks.length(j)).int64(h.timestamps()[chunks.start(j)]).int64(chunks.lastTimestamps()[j])
                            .string(interests.get(j)).float64(scores == null ? Double.NaN : scores[j]).float32(vectors.score(h.user(), j));
                    for (float v : vectors.chunk(h.user(), j)) {
                        w.float32(v);
                    }
                    w.endRow();
                }
            }
            userRows = w.rows();
        }
        Path items = dir.resolve("items.parquet");
        long itemRows;
        List<Column> itemColumns = new ArrayList<>(List.of(new Column("item_id", Type.INT32), new Column("raw_item_id", Type.STRING),
                new Column("knowledge", Type.STRING)));
        itemColumns.addAll(vectorColumns(d));
        try (ParquetTableWriter w = new ParquetTableWriter(items, itemColumns, ParquetTableWriter.Codec.GZIP, ROWS_PER_GROUP, meta)) {
            for (Map.Entry<Integer, String> e : new java.util.TreeMap<>(knowledge).entrySet()) {
                w.int32(e.getKey()).string(data.dataset().raw().item(e.getKey()).rawId()).string(e.getValue());
                for (float v : vectors.item(e.getKey())) {
                    w.float32(v);
                }
                w.endRow();
            }
            itemRows = w.rows();
        }
        return new Written(users, userRows, items, itemRows, d, source.label());
    }

    private static List<Column> vectorColumns(int d) {
        List<Column> columns = new ArrayList<>(d);
        for (int i = 0; i < d; i++) {
            columns.add(new Column("e" + i, Type.FLOAT));
        }
        return columns;
    }
}
