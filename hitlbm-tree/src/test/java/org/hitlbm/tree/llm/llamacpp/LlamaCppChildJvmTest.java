package org.hitlbm.tree.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads GGUF models in child JVMs running {@link NativeLoadProbe}: a JVM holds one llama.cpp model
 * ({@link LlamaCppEngineTest} holds this one's), and stdout is only observable from outside.
 */
class LlamaCppChildJvmTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownArchitectureIsNamedInTheLoadError() throws Exception {
        Path model = dir.resolve("gemma.gguf");
        TinyLlamaGguf.write(model, 42, "gemma3");

        Child child = run("load", model);

        String message = child.result();
        assertTrue(message.startsWith("failed: llamacpp: cannot load GGUF model " + model), child.toString());
        assertTrue(message.contains("unknown model architecture: 'gemma3'"), child.toString());
        assertTrue(message.contains("llamacpp-server"), child.toString());
        assertEquals(3, child.exitCode, child.toString());
    }

    @Test
    void loadingTheNativeLibraryAndAModelPrintsNothingToStdout() throws Exception {
        Path model = dir.resolve("tiny-llama.gguf");
        TinyLlamaGguf.write(model, 42);

        Child child = run("generate", model);

        assertEquals(0, child.exitCode, child.toString());
        assertEquals(List.of(NativeLoadProbe.MARK + " generated 1 tokens"), child.stdout, child.toString());
        String stderr = String.join("\n", child.stderr);
        for (String nativeLine : new String[] {"llama_model_loader", "load_tensors", "Extracted", "llm_load", "llama_new_context",
                "llama_context", "print_info", "system_info", "main:"}) {
            assertTrue(!stderr.contains(nativeLine), "native line on stderr: " + child);
        }
    }

    private Child run(String mode, Path model) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path natives = Files.createDirectories(dir.resolve("natives"));
        Path out = dir.resolve(mode + ".out");
        Path err = dir.resolve(mode + ".err");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m",
                "-D" + NativeLibraryDirectory.PROPERTY + "=" + natives,
                "-cp", System.getProperty("java.class.path"),
                NativeLoadProbe.class.getName(), mode, model.toString()));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 120 s: " + Files.readString(err));
        }
        return new Child(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    private record Child(int exitCode, List<String> stdout, List<String> stderr) {
        /** The text after the probe's mark, from its one marked stdout line. */
        String result() {
            List<String> marked = stdout.stream().filter(l -> l.startsWith(NativeLoadProbe.MARK)).toList();
            assertEquals(1, marked.size(), toString());
            return marked.get(0).substring(NativeLoadProbe.MARK.length()).strip();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + String.join("\n", stderr);
        }
    }
}
