package org.hitlbm.experiments.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hitlbm.experiments.tracking.LocalRunRecord;
import org.hitlbm.experiments.tracking.RunKeys;

/**
 * A run folder as found on disk, checked before anything trusts it: only a complete record
 * (status FINISHED, every required metric a number) whose recorded key matches its config.yaml
 * counts as finished; everything else is retrained and says why.
 *
 * @param record  the metrics.json as read, or null when missing or unreadable
 * @param config  config.yaml's text, or null when missing
 * @param problem why the folder is not a finished run, or null when it is
 */
record StoredRun(Path dir, LocalRunRecord record, String config, String problem) {

    static StoredRun read(Path dir) {
        Path metricsFile = dir.resolve("metrics.json");
        Path configFile = dir.resolve("config.yaml");
        String config = null;
        LocalRunRecord record = null;
        try {
            if (Files.isRegularFile(configFile)) {
                config = Files.readString(configFile, StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException e) {
            return new StoredRun(dir, null, null, "config.yaml is unreadable (" + e.getMessage() + ")");
        }
        if (!Files.isRegularFile(metricsFile)) {
            return new StoredRun(dir, null, config, "no metrics.json");
        }
        try {
            record = LocalRunRecord.read(metricsFile);
        } catch (IOException | RuntimeException e) {
            return new StoredRun(dir, null, config, "metrics.json is not a run record (" + firstLine(e.getMessage()) + ")");
        }
        if (config == null) {
            return new StoredRun(dir, record, null, "no config.yaml");
        }
        String problem = record.problem();
        if (problem == null && record.runKey() != null) {
            try {
                if (!record.runKey().equals(RunKeys.runKey(config))) {
                    problem = "metrics.json was recorded for another config than config.yaml";
                }
            } catch (RuntimeException e) {
                problem = "config.yaml is not a run config (" + firstLine(e.getMessage()) + ")";
            }
        }
        return new StoredRun(dir, record, config, problem);
    }

    boolean finished() {
        return problem == null;
    }

    /** A folder that holds something, as opposed to one never started. */
    boolean started() {
        return record != null || config != null;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
