package org.hitlbm.experiments.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hitlbm.data.DataFormatException;
import org.hitlbm.data.RawDataset;
import org.hitlbm.data.chunk.ChunkMode;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.io.DatasetReaders;
import org.hitlbm.data.io.LaterBehaviors;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.prep.SplitMode;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.hitlbm.experiments.spec.ResolvedConfig;

/**
 * Turns the dataset and chunking sections of a resolved config into the data module's settings,
 * and says what identifies the raw data for the cache key: the generator's settings, or the
 * names, sizes and modification times of the dataset's files (an edited file is a new key).
 */
public record DataSource(String description, Supplier<RawDataset> reader, PreprocessConfig preprocess,
                         ChunkingConfig chunking, int recentLength, int retrieved, String files) {

    /**
     * What identifies the raw data apart from where it lies: the files' names, sizes and times
     * (empty for the generator, whose settings are the config's own keys). Cache keys that already
     * hold this need not hold {@code dataset.path}.
     */
    public String contentFingerprint() {
        return files;
    }

    public static DataSource from(ResolvedConfig config) {
        String name = config.string("dataset.name");
        PreprocessConfig preprocess = new PreprocessConfig(config.integer("dataset.minUserInteractions"),
                config.integer("dataset.minItemInteractions"), config.number("dataset.positiveAbove"),
                "per-user-time".equals(config.string("dataset.split")) ? SplitMode.PER_USER_TIME : SplitMode.GLOBAL_TIME,
                config.number("dataset.testFraction"), config.number("dataset.validationFraction"));
        ChunkingConfig chunking = "month".equals(config.string("chunking.mode"))
                ? ChunkingConfig.byMonth() : new ChunkingConfig(ChunkMode.COUNT, config.integer("chunking.size"));
        int recent = config.integer("dataset.recentBehaviors");
        int retrieved = config.integer("retrieval.behaviors");
        double timeFraction = config.number("dataset.timeFraction");
        List<Path> appended = appended(config);
        String later = appended.isEmpty() ? "" : " appended " + appended.stream().map(DataSource::fingerprint)
                .collect(Collectors.joining(",", "[", "]"));
        String until = timeFraction < 1 ? " until " + timeFraction : "";
        if ("synthetic".equals(name)) {
            SyntheticConfig synthetic = synthetic(config);
            return new DataSource("synthetic " + synthetic + until + later,
                    () -> withLater(SyntheticGenerator.generate(synthetic).until(timeFraction), appended), preprocess, chunking, recent,
                    retrieved, later.strip());
        }
        Path dir = Path.of(config.string("dataset.path"));
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir, 0, "dataset directory for '" + name + "' not found (dataset.path)");
        }
        String files = files(dir) + later;
        return new DataSource(name + " " + dir.toAbsolutePath().normalize() + " " + files + until,
                () -> withLater(DatasetReaders.byName(name).read(dir).until(timeFraction), appended), preprocess, chunking, recent,
                retrieved, files);
    }

    /** The files of {@code dataset.appended}, in order; each must exist. */
    static List<Path> appended(ResolvedConfig config) {
        String list = config.string("dataset.appended");
        List<Path> files = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return files;
        }
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                Path file = Path.of(part.trim());
                if (!Files.isRegularFile(file)) {
                    throw new DataFormatException(file, 0, "file of later behaviours not found (dataset.appended)");
                }
                files.add(file);
            }
        }
        return files;
    }

    private static RawDataset withLater(RawDataset base, List<Path> appended) {
        RawDataset data = base;
        for (Path file : appended) {
            data = LaterBehaviors.append(data, file);
        }
        return data;
    }

    /** A file's name, size and modification time: an edited file is another key. */
    private static String fingerprint(Path f) {
        try {
            return f.getFileName() + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SyntheticConfig synthetic(ResolvedConfig c) {
        Map<String, Object> s = c.section("dataset.synthetic");
        int genres = ((Number) s.get("genres")).intValue();
        return SyntheticConfig.defaults()
                .withUsers(((Number) s.get("users")).intValue())
                .withItems(((Number) s.get("items")).intValue())
                .withGenresPerItem(1, Math.min(3, genres)) // before withGenres: each wither re-validates
                .withGenres(genres)
                .withBehaviorsPerUser(((Number) s.get("minBehaviors")).intValue(), ((Number) s.get("maxBehaviors")).intValue())
                .withRegimesPerUser(((Number) s.get("minRegimes")).intValue(), ((Number) s.get("maxRegimes")).intValue())
                .withExploration(((Number) s.get("exploration")).doubleValue())
                .withDrift(((Number) s.get("drift")).doubleValue())
                .withRatingNoise(((Number) s.get("ratingNoise")).doubleValue())
                .withSeed(((Number) s.get("seed")).longValue());
    }

    private static String files(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return "[" + files.filter(Files::isRegularFile).sorted().map(DataSource::fingerprint).collect(Collectors.joining(",")) + "]";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list dataset directory " + dir, e);
        }
    }
}
