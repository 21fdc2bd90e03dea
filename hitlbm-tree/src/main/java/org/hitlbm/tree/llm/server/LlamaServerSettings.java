package org.hitlbm.tree.llm.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hitlbm.tree.llm.LlmException;

/**
 * How to run llama.cpp's {@code llama-server} for the {@code llamacpp-server} backend.
 *
 * @param serverBinary   the llama-server executable ({@link #locateBinary} finds a default)
 * @param modelPath      the GGUF file it serves
 * @param threads        {@code --threads}; 1 was fastest on 2 shared cores
 * @param contextSize    {@code --ctx-size} in tokens, all of it for the one slot
 * @param extraArgs      appended to the command line as they are
 * @param startupTimeout how long loading the model may take before the start counts as failed
 * @param logDir         where the server's stdout and stderr go; null = the JVM's temp directory
 */
public record LlamaServerSettings(Path serverBinary, Path modelPath, int threads, int contextSize, List<String> extraArgs,
                                  Duration startupTimeout, Path logDir) {
    static final String BINARY_NAME = "llama-server";

    public LlamaServerSettings {
        Objects.requireNonNull(serverBinary, "llamacpp-server: serverBinary");
        Objects.requireNonNull(modelPath, "llamacpp-server: modelPath");
        if (threads < 1) {
            throw new IllegalArgumentException("llamacpp-server: threads must be >= 1, got " + threads);
        }
        if (contextSize < 1) {
            throw new IllegalArgumentException("llamacpp-server: contextSize must be >= 1, got " + contextSize);
        }
        Objects.requireNonNull(startupTimeout, "llamacpp-server: startupTimeout");
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("llamacpp-server: startupTimeout must be positive, got " + startupTimeout);
        }
        extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
    }

    /**
     * The command line for one start. One slot ({@code --parallel 1}) and no busy polling
     * ({@code --poll 0}) were fastest when the cores are shared; the web UI is never needed.
     */
    List<String> command(int port) {
        List<String> command = new ArrayList<>(List.of(serverBinary.toString(),
                "--model", modelPath.toString(),
                "--host", "127.0.0.1",
                "--port", Integer.toString(port),
                "--threads", Integer.toString(threads),
                "--ctx-size", Integer.toString(contextSize),
                "--parallel", "1",
                "--poll", "0",
                "--no-webui"));
        command.addAll(extraArgs);
        return command;
    }

    /**
     * The configured binary, else {@code llama-server} on PATH, else where
     * {@code scripts/build-llama-server.sh} puts it ({@code ~/.cache/hitlbm/llama.cpp/build/bin}).
     * A configured path is returned as it is: {@link ManagedLlamaServer} says if it is missing.
     *
     * @throws LlmException when nothing is configured and neither default exists
     */
    public static Path locateBinary(Path configured) {
        if (configured != null) {
            return configured;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    Path candidate = Path.of(dir, BINARY_NAME);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        Path built = defaultBuildLocation();
        if (Files.isRegularFile(built) && Files.isExecutable(built)) {
            return built;
        }
        throw new LlmException("llamacpp-server: no llama-server binary: llm.serverPath is unset, none is on PATH and none at "
                + built + "; build one with scripts/build-llama-server.sh (it prints the path for llm.serverPath)");
    }

    static Path defaultBuildLocation() {
        return Path.of(System.getProperty("user.home"), ".cache", "hitlbm", "llama.cpp", "build", "bin", BINARY_NAME);
    }
}
