package org.hitlbm.experiments.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The modules follow the method's data flow: no module's code (main or test) names a class of a
 * module that comes later, so the layout can be read left to right as the pipeline runs. Maven's
 * dependencies enforce it for compilation; this test says it in one place, including references
 * written as fully qualified names and test code.
 */
class ModuleOrderTest {
    /** Each module's own package and the modules it may use, in data-flow order. */
    private static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("data", Set.of());
        MAY_USE.put("nn", Set.of("data"));
        MAY_USE.put("text", Set.of("data"));
        MAY_USE.put("tree", Set.of("data", "nn", "text"));
        MAY_USE.put("fusion", Set.of("data", "nn"));
        MAY_USE.put("backbones", Set.of("data", "nn"));
        MAY_USE.put("experiments", Set.of("data", "nn", "text", "tree", "fusion", "backbones"));
    }

    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.hitlbm\\.(\\w+)\\.");

    @Test
    void noModuleUsesOneLaterInTheMethod() throws IOException {
        Path root = Path.of("..");
        List<String> violations = new ArrayList<>();
        int files = 0;
        for (Map.Entry<String, Set<String>> module : MAY_USE.entrySet()) {
            Path dir = root.resolve("hitlbm-" + module.getKey()).resolve("src");
            assertTrue(Files.isDirectory(dir), dir + " exists");
            try (Stream<Path> sources = Files.walk(dir)) {
                for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    Matcher m = REFERENCE.matcher(Files.readString(file));
                    while (m.find()) {
                        String used = m.group(1);
                        boolean test = file.toString().contains("/src/test/");
                        // org.hitlbm.gadget: hitlbm-data's test-only stand-in for a deserialization gadget
                        if (!used.equals(module.getKey()) && !module.getValue().contains(used)
                                && !(test && used.equals("gadget"))) {
                            violations.add(root.relativize(file) + " uses org.hitlbm." + used);
                        }
                    }
                }
            }
        }
        assertTrue(files > 300, "scanned " + files + " source files");
        assertEquals(List.of(), violations.stream().distinct().toList());
    }
}
