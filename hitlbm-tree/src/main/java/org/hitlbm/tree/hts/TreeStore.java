package org.hitlbm.tree.hts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.hitlbm.data.io.Printable;
import org.hitlbm.data.io.StorageException;
import org.hitlbm.data.io.TempFiles;

/**
 * Searched trees on disk, one JSON file per user under a folder named by the settings that made
 * them; written atomically, so a killed search resumes with the users it had not finished. What is
 * read back is checked (the user it names, one layer per chunk, candidates with text in every
 * layer, their parents in the layer above, one chosen candidate per layer with a finite score): an
 * unusable file ({@code {}}, {@code null}, garbage, a tree cut short) is searched again, and the
 * warning sink hears which file, which user and why. Temporary files of writers that died are
 * swept when the store is opened.
 */
public final class TreeStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final Consumer<String> warnings;

    public TreeStore(Path dir) {
        this(dir, w -> { });
    }

    public TreeStore(Path dir, Consumer<String> warnings) {
        this.dir = dir;
        this.warnings = warnings;
        TempFiles.sweep(dir); // left by a search killed mid-write
    }

    public Path dir() {
        return dir;
    }

    public Path file(int user) {
        return dir.resolve("user-" + user + ".json");
    }

    /** The stored tree, without a check of its layer count (the caller does not know the chunks). */
    public Optional<InterestTree> load(int user) {
        return load(user, -1);
    }

    /** The stored tree of {@code user} if it is usable and has {@code chunks} layers (-1: any number); else empty. */
    public Optional<InterestTree> load(int user, int chunks) {
        Path f = file(user);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        InterestTree tree;
        try {
            tree = JSON.readValue(f.toFile(), InterestTree.class);
        } catch (IOException | RuntimeException e) {
            return unusable(f, user, "not a tree: " + firstLine(e.getMessage()));
        }
        String problem = problem(tree, user, chunks);
        return problem == null ? Optional.of(tree) : unusable(f, user, problem);
    }

    private static String problem(InterestTree tree, int user, int chunks) {
        if (tree == null) {
            return "the file holds null";
        }
        if (tree.user() != user) {
            return "it is the tree of user " + tree.user();
        }
        if (tree.layers() == null || tree.layers().isEmpty() || (chunks >= 0 && tree.layers().size() != chunks)) {
            return (tree.layers() == null ? "no" : String.valueOf(tree.layers().size())) + " layer(s) for "
                    + (chunks >= 0 ? chunks + " chunk(s)" : "at least one chunk");
        }
        int previous = 0;
        for (int i = 0; i < tree.layers().size(); i++) {
            TreeLayer layer = tree.layers().get(i);
            if (layer == null || layer.candidates() == null || layer.candidates().isEmpty()) {
                return "layer " + (i + 1) + " has no candidates";
            }
            if (layer.chunk() != i) {
                return "layer " + (i + 1) + " says it is of chunk " + (layer.chunk() + 1);
            }
            int chosen = 0;
            for (Candidate c : layer.candidates()) {
                if (c == null || c.text() == null) {
                    return "layer " + (i + 1) + " has a candidate without text";
                }
                if (i == 0 ? c.parent() != -1 : c.parent() < 0 || c.parent() >= previous) {
                    return "layer " + (i + 1) + " has a candidate whose parent " + c.parent() + " is not in the layer above";
                }
                if (c.chosen()) {
                    chosen++;
                    if (!Double.isFinite(c.score())) { // fusion weighs the chunk by it (S_final)
                        return "the chosen candidate of layer " + (i + 1) + " has score " + c.score();
                    }
                }
            }
            if (chosen != 1) {
                return "layer " + (i + 1) + " has " + chosen + " chosen candidates, not one";
            }
            previous = layer.candidates().size();
        }
        return null;
    }

    private Optional<InterestTree> unusable(Path file, int user, String why) {
        warnings.accept("WARNING: " + file + ": the stored tree of user " + user + " is unusable (" + Printable.line(why)
                + "); the tree is searched again");
        return Optional.empty();
    }

    public void save(InterestTree tree) {
        try {
            TempFiles.writeAtomically(file(tree.user()), JSON.writeValueAsBytes(tree));
        } catch (IOException e) {
            throw StorageException.writing(file(tree.user()), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
