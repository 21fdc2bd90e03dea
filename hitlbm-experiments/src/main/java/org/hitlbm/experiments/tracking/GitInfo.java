package org.hitlbm.experiments.tracking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checked-out commit, read from the .git files directly so that runs record it without a
 * {@code git} executable (which a cluster node may not have).
 */
public final class GitInfo {
    public static final String UNKNOWN = "unknown";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");
    private static final int MAX_SYMREF_DEPTH = 5;

    private GitInfo() {
    }

    /** The full commit hash checked out in the repository containing {@code start}, or "unknown". */
    public static String commit(Path start) {
        try {
            Optional<Path> gitDir = findGitDir(start.toAbsolutePath().normalize());
            if (gitDir.isEmpty()) {
                return UNKNOWN;
            }
            Path commonDir = commonDir(gitDir.get());
            return resolve(gitDir.get(), commonDir, "HEAD", 0).orElse(UNKNOWN);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** Walks up to the first ".git": a directory, or a file "gitdir: ..." (worktrees, submodules). */
    private static Optional<Path> findGitDir(Path start) throws IOException {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path dotGit = dir.resolve(".git");
            if (Files.isDirectory(dotGit)) {
                return Optional.of(dotGit);
            }
            if (Files.isRegularFile(dotGit)) {
                String content = Files.readString(dotGit, StandardCharsets.UTF_8).trim();
                if (content.startsWith("gitdir:")) {
                    return Optional.of(dir.resolve(content.substring("gitdir:".length()).trim()).normalize());
                }
            }
        }
        return Optional.empty();
    }

    /** A worktree's gitdir holds HEAD only; refs and packed-refs live in the main repo ("commondir"). */
    private static Path commonDir(Path gitDir) throws IOException {
        Path pointer = gitDir.resolve("commondir");
        if (Files.isRegularFile(pointer)) {
            return gitDir.resolve(Files.readString(pointer, StandardCharsets.UTF_8).trim()).normalize();
        }
        return gitDir;
    }

    private static Optional<String> resolve(Path gitDir, Path commonDir, String ref, int depth) throws IOException {
        if (depth > MAX_SYMREF_DEPTH) {
            return Optional.empty();
        }
        Optional<String> content = readLoose(gitDir, ref).or(() -> readLoose(commonDir, ref));
        if (content.isEmpty()) {
            return packedRef(commonDir, ref);
        }
        String value = content.get();
        if (value.startsWith("ref:")) {
            return resolve(gitDir, commonDir, value.substring("ref:".length()).trim(), depth + 1);
        }
        return HASH.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }

    private static Optional<String> readLoose(Path dir, String ref) {
        Path file = dir.resolve(ref);
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** packed-refs: "# pack-refs ..." header, "hash refname" lines, "^hash" peeled tag lines. */
    private static Optional<String> packedRef(Path commonDir, String ref) throws IOException {
        Path packed = commonDir.resolve("packed-refs");
        if (!Files.isRegularFile(packed)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(packed, StandardCharsets.UTF_8);
        for (String line : lines) {
            if (line.startsWith("#") || line.startsWith("^")) {
                continue;
            }
            String[] parts = line.trim().split(" ", 2);
            if (parts.length == 2 && parts[1].equals(ref) && HASH.matcher(parts[0]).matches()) {
                return Optional.of(parts[0]);
            }
        }
        return Optional.empty();
    }
}
