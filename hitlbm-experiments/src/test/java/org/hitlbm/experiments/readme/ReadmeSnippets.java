package org.hitlbm.experiments.readme;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The Java examples of README.md, compiled as written: every fenced {@code java} block that starts
 * with {@code package example;} is one compilation unit. A README example that no longer compiles
 * against the code fails the build instead of misleading the next reader.
 */
final class ReadmeSnippets {
    private static final Pattern BLOCK = Pattern.compile("```java\\n(package example;\\n.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("public (?:final )?(?:class|record|interface) (\\w+)");

    private ReadmeSnippets() {
    }

    /** Class name to source, in README order. */
    static Map<String, String> examples(Path readme) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(Files.readString(readme));
        while (m.find()) {
            Matcher c = CLASS.matcher(m.group(1));
            if (!c.find()) {
                throw new IllegalStateException("README example without a public class:\n" + m.group(1));
            }
            out.put(c.group(1), m.group(1));
        }
        return out;
    }

    /**
     * Compiles {@code sources} into {@code dir} against the test class path and returns a loader
     * over them; {@code services} are written as META-INF/services files (interface to class), so
     * a ServiceLoader through this loader finds the example as a jar on the class path would.
     */
    static URLClassLoader compile(Path dir, Map<String, String> sources, Map<String, String> services) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/example"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classPath(), "-proc:none"));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey() + ".java");
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int rc = javac.run(null, messages, messages, args.toArray(String[]::new));
        if (rc != 0) {
            throw new AssertionError("a README example does not compile:\n" + messages.toString(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, String> s : services.entrySet()) {
            Path file = classes.resolve("META-INF/services/" + s.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.getValue() + "\n");
        }
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, ReadmeSnippets.class.getClassLoader());
    }

    /** Surefire puts the real class path in this property (java.class.path may be a manifest-only jar). */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
