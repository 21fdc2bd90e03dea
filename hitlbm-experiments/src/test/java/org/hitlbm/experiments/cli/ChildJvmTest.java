package org.hitlbm.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's work moves to a C1-only child JVM, which answers with its output and exit code. */
class ChildJvmTest {
    @TempDir
    Path dir;

    private record Launched(int exitCode, String stdout, String stderr) {
    }

    private Launched main(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // PrintFlagsFinal: every JVM started prints its compiler settings, the parent's and the child's
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+PrintFlagsFinal", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("hitlbm did not finish in 120 s");
        }
        return new Launched(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static long c1Only(String flags) {
        return flags.lines().filter(l -> l.matches("\\s*intx TieredStopAtLevel\\s+= 1 .*")).count();
    }

    @Test
    void theChildCompilesWithC1OnlyAndItsOutputAndExitCodeAreTheCommands() throws Exception {
        Launched list = main(Map.of(), "list");
        assertEquals(0, list.exitCode(), list.stderr());
        assertEquals(1, c1Only(list.stdout()), "one JVM (the child) runs with TieredStopAtLevel=1");
        assertTrue(list.stdout().contains("backbones:") && list.stdout().contains("din"), "the command's output reaches the terminal");

        Launched missing = main(Map.of(), "run", "no-such-spec.yaml");
        assertEquals(2, missing.exitCode(), "a spec error's exit code comes through the parent");
        assertTrue(missing.stderr().contains("no-such-spec.yaml"), missing.stderr());
    }

    @Test
    void hitlbmSameJvmKeepsTheWorkInTheLaunchedJvm() throws Exception {
        Launched same = main(Map.of("HITLBM_SAME_JVM", "1"), "list");
        assertEquals(0, same.exitCode(), same.stderr());
        assertEquals(0, c1Only(same.stdout()));
        assertTrue(same.stdout().contains("backbones:"));
    }
}
