package org.hitlbm.tree.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hitlbm.data.Domain;

/**
 * The prompt templates of one domain, read from resources ({@code prompts/movies/...}), any of
 * them overridable by a file of the same name in a directory of the user's ({@code llm.promptDir}).
 * Placeholders are {@code {{name}}}; a placeholder left unfilled is an error, not silent text.
 */
public final class PromptTemplates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private final Map<PromptKind, String> templates = new EnumMap<>(PromptKind.class);
    private final Map<PromptKind, String> origins = new EnumMap<>(PromptKind.class);

    private PromptTemplates() {
    }

    /** @param overrideDir a directory with replacement files, or null */
    public static PromptTemplates load(Domain domain, Path overrideDir) {
        PromptTemplates t = new PromptTemplates();
        String folder = "prompts/" + domain.name().toLowerCase(Locale.ROOT) + "/";
        for (PromptKind kind : PromptKind.values()) {
            Path override = overrideDir == null ? null : overrideDir.resolve(kind.fileName());
            try {
                if (override != null && Files.exists(override)) {
                    t.templates.put(kind, Files.readString(override, StandardCharsets.UTF_8));
                    t.origins.put(kind, override.toString());
                    continue;
                }
                try (InputStream in = PromptTemplates.class.getClassLoader().getResourceAsStream(folder + kind.fileName())) {
                    if (in == null) {
                        throw new IllegalStateException("missing prompt resource " + folder + kind.fileName());
                    }
                    t.templates.put(kind, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    t.origins.put(kind, "classpath:" + folder + kind.fileName());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read prompt " + kind.fileName(), e);
            }
        }
        return t;
    }

    /** The template text as loaded, e.g. to record it with a run. */
    public String template(PromptKind kind) {
        return templates.get(kind);
    }

    /** True when the template has the placeholder {@code {{name}}}. */
    public boolean uses(PromptKind kind, String name) {
        return templates.get(kind).contains("{{" + name + "}}");
    }

    /**
     * SHA-256 of every template's text, in {@link PromptKind} order: part of every cache key and
     * run identity that depends on what the LLM is asked, so an edited template is a new key.
     */
    public String contentHash() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            for (PromptKind kind : PromptKind.values()) {
                digest.update(kind.fileName().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(templates.get(kind).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return java.util.HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** Where the template came from (a file path or a classpath resource). */
    public String origin(PromptKind kind) {
        return origins.get(kind);
    }

    /** Fills every placeholder; a missing value is an error naming the template and placeholder. */
    public String render(PromptKind kind, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(templates.get(kind));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new PromptException("prompt " + origin(kind) + " uses {{" + m.group(1) + "}} but no value was given");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
