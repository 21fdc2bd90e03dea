package org.hitlbm.tree.hts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Searched trees on disk, one JSON file per user under a folder named by the settings that made
 * them; written atomically, so a killed search resumes with the users it had not finished.
 */
public final class TreeStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public TreeStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path file(int user) {
        return dir.resolve("user-" + user + ".json");
    }

    public Optional<InterestTree> load(int user) {
        Path f = file(user);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), InterestTree.class));
        } catch (IOException e) {
            return Optional.empty(); // unreadable: search again
        }
    }

    public void save(InterestTree tree) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "user-" + tree.user(), ".tmp");
            JSON.writeValue(tmp.toFile(), tree);
            Files.move(tmp, file(tree.user()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tree of user " + tree.user() + " under " + dir, e);
        }
    }
}
