package org.hitlbm.experiments.spec;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
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

/** Reads YAML into {@link Located} trees (SnakeYAML's node API keeps the marks). */
public final class YamlFiles {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private YamlFiles() {
    }

    public static Located read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SpecException(file + ": spec file not found");
        } catch (IOException e) {
            throw new SpecException(file + ": cannot read spec file: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static Located parse(String text, String fileName) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Node root;
        try (Reader reader = new StringReader(text)) {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new SpecException(fileName + ":" + line + ": invalid YAML: " + e.getProblem());
        } catch (Exception e) {
            throw new SpecException(fileName + ": invalid YAML: " + e.getMessage());
        }
        if (root == null) {
            return new Located(new LinkedHashMap<String, Located>(), fileName, 1);
        }
        return convert(root, fileName);
    }

    private static Located convert(Node node, String file) {
        int line = node.getStartMark().getLine() + 1;
        if (node instanceof MappingNode mapping) {
            Map<String, Located> map = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    throw new SpecException(file + ":" + (tuple.getKeyNode().getStartMark().getLine() + 1)
                            + ": keys must be plain text");
                }
                // errors point at the key's line, not where a nested block's first child starts
                Located value = convert(tuple.getValueNode(), file);
                map.put(key.getValue(), new Located(value.value(), file, key.getStartMark().getLine() + 1));
            }
            return new Located(map, file, line);
        }
        if (node instanceof SequenceNode sequence) {
            List<Located> list = new ArrayList<>();
            for (Node element : sequence.getValue()) {
                list.add(convert(element, file));
            }
            return new Located(list, file, line);
        }
        return new Located(scalar((ScalarNode) node, file, line), file, line);
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
            throw new SpecException(file + ":" + line + ": '" + text + "' is not a number Java can read");
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
        Located parsed = parse(value.isEmpty() ? "''" : value, origin);
        return new Located(parsed.value(), origin, 0);
    }
}
