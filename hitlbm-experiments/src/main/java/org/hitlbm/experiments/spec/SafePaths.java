package org.hitlbm.experiments.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Names from a spec that become path components ({@code tracking.experiment}: the results folder,
 * the MLflow experiment, {@code results/trees/<experiment>-user-U.html}) and a resolver that
 * keeps a child under its root, so a spec cannot write outside {@code results/}.
 */
public final class SafePaths {
    /** A safe single path component: a letter or digit first, then letters, digits, '.', '_', '-'; 1 to 100 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** {@link #NAME} in words, for error messages. */
    public static final String ALLOWED = "a letter or digit, then letters, digits, '.', '_' or '-' (at most 100 characters, no '..')";

    private SafePaths() {
    }

    /** True for a name matching {@link #NAME} without "..": usable as one folder or file name on any system. */
    public static boolean isSafeName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    /** {@code name} itself, or a SpecException "{@code what}: 'name' is not a safe folder name: use ...". */
    public static String requireSafeName(String name, String what) {
        if (!isSafeName(name)) {
            throw new SpecException(what + ": " + (name == null ? "nothing" : Quote.token(name))
                    + " is not a safe folder name: use " + ALLOWED);
        }
        return name;
    }

    /** As {@link #under(Path, String, String)}, the message naming {@code name} alone. */
    public static Path under(Path root, String name) {
        return under(root, name, null);
    }

    /**
     * {@code root/name}, absolute and normalized, checked to lie strictly under {@code root}:
     * "..", an absolute name, an empty name (root itself) and, where the path exists, a symbolic
     * link out of the root are refused with a SpecException naming {@code what} (e.g.
     * tracking.experiment; null for none), the name and the root. The name may have several
     * components ({@code exp/run-1}); use {@link #isSafeName} to allow exactly one.
     */
    public static Path under(Path root, String name, String what) {
        Path base = root.toAbsolutePath().normalize();
        String prefix = what == null ? "" : what + ": ";
        String shown = name == null ? "nothing" : Quote.token(name);
        if (name == null || name.isEmpty()) {
            throw new SpecException(prefix + shown + " names no folder under " + base);
        }
        Path target;
        try {
            target = base.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new SpecException(prefix + shown + " is not a usable path under " + base + "; use " + ALLOWED);
        }
        if (!target.startsWith(base) || target.equals(base)) {
            throw new SpecException(prefix + shown + " would resolve outside " + base + "; use " + ALLOWED);
        }
        if (!realPathStaysUnder(base, target)) {
            throw new SpecException(prefix + shown + " leads out of " + base + " through a symbolic link");
        }
        return target;
    }

    /** The deepest existing path between target and base, with links followed, is still under base's real path. */
    private static boolean realPathStaysUnder(Path base, Path target) {
        if (!Files.exists(base)) {
            return true;
        }
        try {
            Path realBase = base.toRealPath();
            Path existing = target;
            while (existing != null && !existing.equals(base) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing == null || existing.equals(base)) {
                return true;
            }
            if (Files.isSymbolicLink(existing) && !Files.exists(existing)) {
                return false; // a dangling link: where it points would be created outside
            }
            Path real = existing.toRealPath();
            return real.startsWith(realBase) && !real.equals(realBase);
        } catch (IOException e) {
            return false;
        }
    }
}
