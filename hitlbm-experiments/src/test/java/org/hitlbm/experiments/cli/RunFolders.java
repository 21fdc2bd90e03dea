package org.hitlbm.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a run's folder (named by its content key) from its display name, through experiment.json's run list. */
final class RunFolders {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFolders() {
    }

    /** {@code experimentDir/<folder of run "cell-001-seed-1">}; a path that does not exist when the spec has no such run. */
    static Path of(Path experimentDir, String name) {
        Path manifest = experimentDir.resolve("experiment.json");
        if (!Files.exists(manifest)) {
            return experimentDir.resolve("no-experiment-json-for-" + name);
        }
        try {
            for (JsonNode run : JSON.readTree(manifest.toFile()).path("runs")) {
                if (name.equals(run.path("name").asText())) {
                    return experimentDir.resolve(run.path("folder").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return experimentDir.resolve("no-run-named-" + name);
    }
}
