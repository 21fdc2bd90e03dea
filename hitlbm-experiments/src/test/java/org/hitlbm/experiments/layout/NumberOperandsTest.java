package org.hitlbm.experiments.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No NDArray op that autograd saves its operands for takes a Java number: DJL 0.36 frees such an
 * operand's memory at the next garbage collection, before backward reads it (see
 * {@code org.hitlbm.nn.layers.ScalarOperands}). A number argument is one that starts with a
 * literal, a sign, a cast, {@code Math.} or a CONSTANT_NAME; ScalarOperands itself is the one
 * place that may hand a number to those ops.
 */
class NumberOperandsTest {
    private static final Pattern NUMBER_OPERAND = Pattern.compile(
            "(?<!Math)\\.(mul|div|maximum|minimum|pow|muli|divi|rdiv|rpow)\\(\\s*(\\d|-|\\((float|double|int|long)\\)|Math\\.|[A-Z][A-Z0-9_]*\\b(?!\\.))");

    @Test
    void numberOperandsGoThroughScalarOperands() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        List<Path> modules;
        try (Stream<Path> dirs = Files.list(Path.of(".."))) {
            modules = dirs.filter(d -> d.getFileName().toString().startsWith("hitlbm-")).map(d -> d.resolve("src/main/java")).toList();
        }
        for (Path module : modules) {
            try (Stream<Path> sources = Files.walk(module)) {
                for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    if (file.getFileName().toString().equals("ScalarOperands.java")) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        Matcher m = NUMBER_OPERAND.matcher(lines.get(i));
                        if (m.find()) {
                            found.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                        }
                    }
                }
            }
        }
        assertTrue(files > 100, "scanned the sources (" + files + " files)");
        assertEquals(List.of(), found);
    }

    @Test
    void thePatternCatchesTheFormsThatWereThere() {
        for (String line : List.of("x.div((float) Math.sqrt(d))", "y.mul(0.5f)", "m.sub(1f).mul(-BLOCKED)", "c.maximum(1f)",
                "s.mul(1 - MOMENTUM)", "z.mul(SCALE)")) {
            assertTrue(NUMBER_OPERAND.matcher(line).find(), line);
        }
        for (String line : List.of("x.mul(mask)", "x.div(safeCount)", "x.mul(weights.expandDims(2))", "Math.pow(2, k)",
                "x.mul(Scalars.of(1))")) {
            assertEquals(false, NUMBER_OPERAND.matcher(line).find(), line);
        }
    }
}
