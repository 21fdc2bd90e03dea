package org.hitlbm.experiments.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML into {@link Located} trees (SnakeYAML's node API keeps the marks). Input is bounded:
 * at most {@link #MAX_FILE_BYTES} are read from a file (so /dev/zero or a huge file stops there),
 * SnakeYAML's code-point limit matches it, and the node tree is expanded with every alias counted
 * each time it is used, up to {@link #MAX_NODES} nodes and {@link #MAX_TEXT_CHARS} characters of
 * scalar text per {@link Budget} (one per spec load), so an alias bomb ("billion laughs") under
 * SnakeYAML's own alias limit is refused at once. Duplicate keys are errors naming both lines.
 */
public final class YamlFiles {
    /** The most bytes read from one spec file. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    /** The most nodes (mappings, lists, scalars, keys) a spec may expand to, aliases counted each time they are used. */
    public static final int MAX_NODES = 100_000;
    /** The most characters of scalar text a spec may expand to, aliases counted each time they are used. */
    public static final int MAX_TEXT_CHARS = 4 << 20;
    /** The deepest nesting of mappings and lists once aliases are expanded (SnakeYAML's own parse limit is 50). */
    public static final int MAX_DEPTH = 64;
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private YamlFiles() {
    }

    /** What one spec load may still expand to: shared by its file, its bases and its --set values. */
    static final class Budget {
        private long nodes;
        private long chars;

        void node(String file) {
            if (++nodes > MAX_NODES) {
                throw new SpecException(file + ": expands to more than " + MAX_NODES + " YAML nodes, aliases counted each time they"
                        + " are used (an alias bomb?); a spec is far smaller");
            }
        }

        void text(String file, int length) {
            chars += length;
            if (chars > MAX_TEXT_CHARS) {
                throw new SpecException(file + ": expands to more than " + (MAX_TEXT_CHARS >> 20) + " MiB of text, aliases counted"
                        + " each time they are used (an alias bomb?)");
            }
        }
    }

    public static Located read(Path file) {
        return read(file, new Budget());
    }

    static Located read(Path file, Budget budget) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new SpecException(file + ": spec file not found");
        } catch (IOException e) {
            throw new SpecException(file + ": cannot read spec file: " + Quote.visible(e.getMessage(), 200));
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new SpecException(file + ": larger than the " + (MAX_FILE_BYTES >> 20) + " MiB limit of a spec file (read no further)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SpecException(file + ": cannot read spec file: not UTF-8 text");
        }
        return parse(text, file.toString(), budget);
    }

    public static Located parse(String text, String fileName) {
        return parse(text, fileName, new Budget());
    }

    static Located parse(String text, String fileName, Budget budget) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // not applied by compose(): convert() checks duplicates itself
        options.setCodePointLimit(MAX_FILE_BYTES);
        Node root;
        try (Reader reader = new StringReader(text)) {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new SpecException(fileName + ":" + line + ": invalid YAML: " + Quote.visible(e.getProblem(), 200));
        } catch (Exception e) {
            throw new SpecException(fileName + ": invalid YAML: " + Quote.visible(e.getMessage(), 200));
        }
        if (root == null) {
            return new Located(new LinkedHashMap<String, Located>(), fileName, 1);
        }
        return convert(root, fileName, "", 0, budget);
    }

    private static Located convert(Node node, String file, String path, int depth, Budget budget) {
        int line = node.getStartMark().getLine() + 1;
        budget.node(file);
        if (depth > MAX_DEPTH) {
            throw new SpecException(file + ":" + line + ": nested more than " + MAX_DEPTH + " levels deep (does an alias refer to"
                    + " itself?)");
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Located> map = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                int keyLine = tuple.getKeyNode().getStartMark().getLine() + 1;
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    throw new SpecException(file + ":" + keyLine + ": keys must be plain text");
                }
                budget.node(file);
                budget.text(file, key.getValue().length());
                String dotted = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                Integer first = keyLines.putIfAbsent(key.getValue(), keyLine);
                if (first != null) {
                    throw new SpecException(file + ":" + keyLine + ": duplicate key " + Quote.token(dotted) + " (first at line " + first
                            + "); write each key once");
                }
                // errors point at the key's line, not where a nested block's first child starts
                Located value = convert(tuple.getValueNode(), file, dotted, depth + 1, budget);
                map.put(key.getValue(), new Located(value.value(), file, keyLine));
            }
            return new Located(map, file, line);
        }
        if (node instanceof SequenceNode sequence) {
            List<Located> list = new ArrayList<>();
            for (Node element : sequence.getValue()) {
                list.add(convert(element, file, path, depth + 1, budget));
            }
            return new Located(list, file, line);
        }
        ScalarNode scalar = (ScalarNode) node;
        budget.text(file, scalar.getValue().length());
        return new Located(scalar(scalar, file, line), file, line);
    }

    /** Typed by YAML's own resolution (unquoted 3 is an int, "3" a string); strings get ${ENV} expansion. */
    static Object scalar(ScalarNode node, String file, int line) {
        Tag tag = node.getTag();
        String text = node.getValue();
        try {
            if (Tag.INT.equals(tag)) {
                return Long.parseLong(text.replace("_", ""));
            }
            if (Tag.FLOAT.equals(tag)) {
                return Double.parseDouble(text.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            throw new SpecException(file + ":" + line + ": " + Quote.token(text) + " is not a number Java can read");
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.parseBoolean(text) || text.equalsIgnoreCase("yes") || text.equalsIgnoreCase("on");
        }
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        return expandEnv(text, file, line);
    }

    /** ${VAR} and ${VAR:-default}; an unset VAR without a default is an error naming it. */
    static String expandEnv(String text, String file, int line) {
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = System.getenv(m.group(1));
            if (value == null || value.isEmpty()) {
                if (m.group(2) == null) {
                    throw new SpecException(file + ":" + line + ": environment variable " + m.group(1)
                            + " is not set (write ${" + m.group(1) + ":-default} to give a default)");
                }
                value = m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A command-line value ({@code --set key=value}) typed as YAML would type it. */
    public static Located parseScalarOrFlow(String value, String origin) {
        return parseScalarOrFlow(value, origin, new Budget());
    }

    static Located parseScalarOrFlow(String value, String origin, Budget budget) {
        Located parsed = parse(value.isEmpty() ? "''" : value, origin, budget);
        return new Located(parsed.value(), origin, 0);
    }
}
