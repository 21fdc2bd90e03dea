package org.hitlbm.experiments.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.hitlbm.experiments.tracking.RunKeys;

/**
 * Finished runs of every experiment under a results root, by what they trained
 * ({@link RunKeys#trainingKey}: the config without tracking and variant label). A cell that
 * another experiment already ran with the same settings and seed (DIN with HiT-LBM is a cell of
 * Tables 2, 3 and 5 and of Fig. 5 and 7) is copied from it instead of being trained again. The
 * index is only a hint: {@link #verified} reads the source again at copy time, because a folder
 * can change between indexing and copying.
 */
final class FinishedRuns {
    private final Map<String, Path> byTrainingKey = new HashMap<>();

    /** Reads every {@code <root>/<experiment>/<run>} that is a complete finished run. */
    static FinishedRuns index(Path resultsRoot) {
        FinishedRuns runs = new FinishedRuns();
        if (!Files.isDirectory(resultsRoot)) {
            return runs;
        }
        try (Stream<Path> experiments = Files.list(resultsRoot)) {
            for (Path experiment : experiments.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> dirs = Files.list(experiment)) {
                    for (Path run : dirs.filter(Files::isDirectory).sorted().toList()) {
                        runs.add(StoredRun.read(run));
                    }
                }
            }
        } catch (IOException e) {
            return runs; // an unreadable folder only means less to reuse
        }
        return runs;
    }

    private void add(StoredRun run) {
        if (!run.finished()) {
            return; // a damaged or unfinished run is not reused
        }
        try {
            byTrainingKey.putIfAbsent(RunKeys.trainingKey(run.config()), run.dir());
        } catch (RuntimeException e) {
            // a config.yaml that is not a mapping cannot be matched
        }
    }

    /** A folder that trained exactly {@code configYaml} when indexed, or null. */
    Path find(String configYaml) {
        return byTrainingKey.get(RunKeys.trainingKey(configYaml));
    }

    /**
     * The source run, read now, if it is still a complete finished run of exactly {@code configYaml}'s
     * training settings; otherwise an exception that says what changed.
     */
    static StoredRun verified(Path source, String configYaml) {
        StoredRun run = StoredRun.read(source);
        if (!run.finished()) {
            throw new IllegalStateException(source + " is no longer a finished run: " + run.problem());
        }
        if (!RunKeys.trainingKey(run.config()).equals(RunKeys.trainingKey(configYaml))) {
            throw new IllegalStateException(source + " now holds a run of other settings");
        }
        return run;
    }

    /** Remembers a run finished now, so later cells of this invocation can reuse it too. */
    void record(Path runDir, String configYaml) {
        byTrainingKey.putIfAbsent(RunKeys.trainingKey(configYaml), runDir);
    }
}
