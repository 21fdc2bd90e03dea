package org.hitlbm.tree.llm.server;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.hitlbm.tree.llm.LlmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code llama-server} child process on a free loopback port: started and waited for until
 * {@code /health} says the model is loaded, started again when it has died, and stopped on
 * {@link #close()} or, through a shutdown hook, when the JVM exits (Ctrl-C included). Its stdout
 * and stderr go to one log file, appended to across restarts. Thread safe.
 */
public final class ManagedLlamaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedLlamaServer.class);

    /** Restarts without a successful request in between before the server counts as broken. */
    static final int MAX_RESTARTS_IN_A_ROW = 3;
    private static final long HEALTH_POLL_MILLIS = 50;
    private static final Duration HEALTH_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final long STOP_GRACE_SECONDS = 5;
    /** A request that failed because the server died may come back just before the process is gone. */
    private static final long EXIT_SETTLE_MILLIS = 500;
    private static final int MAX_LOG_LINE_CHARS = 300;

    /** One started process; a restart makes a new one, so a caller can tell whether the one it used was replaced. */
    public record Instance(Process process, int port) {
        /** The OpenAI-compatible endpoint. */
        public String baseUrl() {
            return "http://127.0.0.1:" + port + "/v1";
        }
    }

    private final LlamaServerSettings settings;
    private final Path logFile;
    private final HttpClient health = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HEALTH_REQUEST_TIMEOUT)
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();
    private final Thread stopOnExit = new Thread(this::stopForJvmExit, "llama-server-stop");

    /** Read without the lock by close() and the shutdown hook, which must not wait for a start in progress. */
    private volatile Process liveProcess;
    private volatile boolean stopping;

    private Instance current;
    private int restarts;
    private int restartsInARow;

    private ManagedLlamaServer(LlamaServerSettings settings, Path logFile) {
        this.settings = settings;
        this.logFile = logFile;
    }

    /**
     * Starts the server and waits until it is ready.
     *
     * @throws LlmException in one line: a missing binary or GGUF (before anything starts), or a
     *                      server that exited or was not ready in time (with the log file and its last line)
     */
    public static ManagedLlamaServer start(LlamaServerSettings settings) {
        Path binary = settings.serverBinary();
        if (!Files.isRegularFile(binary)) {
            throw new LlmException("llamacpp-server: llama-server binary not found: " + binary.toAbsolutePath()
                    + " (build it with scripts/build-llama-server.sh, which prints the path for llm.serverPath)");
        }
        if (!Files.isExecutable(binary)) {
            throw new LlmException("llamacpp-server: " + binary.toAbsolutePath() + " is not executable (chmod +x it, or"
                    + " build llama-server with scripts/build-llama-server.sh)");
        }
        if (!Files.isRegularFile(settings.modelPath())) {
            throw new LlmException("llamacpp-server: GGUF model file not found: " + settings.modelPath().toAbsolutePath()
                    + " (scripts/install-models.sh downloads one and prints the path for llm.modelPath)");
        }
        ManagedLlamaServer server = new ManagedLlamaServer(settings, createLogFile(settings.logDir()));
        Runtime.getRuntime().addShutdownHook(server.stopOnExit);
        try {
            synchronized (server) {
                server.current = server.launch();
            }
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The running instance, started again first if it has died. */
    public synchronized Instance running() {
        ensureOpen();
        if (!current.process().isAlive()) {
            restart("was found dead");
        }
        return current;
    }

    /**
     * After a request on {@code used} failed: the instance to retry on once, or null when
     * {@code used} is still alive (the failure was not the server dying).
     */
    public synchronized Instance replaceIfDead(Instance used) {
        ensureOpen();
        if (current != used) {
            return current; // another thread has restarted it already
        }
        if (!hasExited(used.process())) {
            return null;
        }
        restart("died during a request");
        return current;
    }

    /**
     * One line saying that {@code used} {@code died} (exit code, log file, its last line), or
     * null while it still runs.
     */
    public String deathNotice(Instance used, String died) {
        if (!hasExited(used.process())) {
            return null;
        }
        return "llamacpp-server: llama-server " + died + " (exit code " + used.process().exitValue() + ")" + logSummary();
    }

    /** A request succeeded: restarts from now on are counted afresh. */
    public synchronized void requestSucceeded() {
        restartsInARow = 0;
    }

    /** How often the server has been started again since the first start. */
    public synchronized int restarts() {
        return restarts;
    }

    /** Where the server's stdout and stderr go. */
    public Path logFile() {
        return logFile;
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s); later requests fail. Idempotent. */
    @Override
    public void close() {
        // stopping before liveProcess is read: a start in progress either sees it or is stopped here
        stopping = true;
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException jvmExiting) {
            // the hook is running: it stops the process too
        }
        stop(liveProcess);
    }

    private void ensureOpen() {
        if (stopping) {
            throw new LlmException("llamacpp-server: the backend was closed");
        }
    }

    private void restart(String why) {
        Process dead = current.process();
        String exit = dead.isAlive() ? "still running" : "exit code " + dead.exitValue();
        if (restartsInARow >= MAX_RESTARTS_IN_A_ROW) {
            throw new LlmException("llamacpp-server: llama-server " + why + " (" + exit + ") after " + restartsInARow
                    + " restarts in a row without a successful request; giving up" + logSummary());
        }
        restarts++;
        restartsInARow++;
        LOG.warn("llama-server (pid {}, port {}) {} ({}); starting it again, restart {} of at most {} in a row; log {}",
                dead.pid(), current.port(), why, exit, restartsInARow, MAX_RESTARTS_IN_A_ROW, logFile);
        current = launch();
    }

    /** Starts one process on a fresh port and waits for its health check. */
    private Instance launch() {
        int port = freeLoopbackPort();
        ProcessBuilder builder = new ProcessBuilder(settings.command(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LlmException("llamacpp-server: cannot run " + settings.serverBinary() + ": " + e.getMessage());
        }
        liveProcess = process;
        try {
            process.getOutputStream().close(); // it never reads stdin
        } catch (IOException ignored) {
            // nothing was written
        }
        awaitHealthy(process, port);
        return new Instance(process, port);
    }

    /** llama-server answers /health with 503 while it loads the model and 200 once it serves requests. */
    private void awaitHealthy(Process process, int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(HEALTH_REQUEST_TIMEOUT)
                .GET()
                .build();
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        while (true) {
            if (stopping) {
                stop(process);
                throw new LlmException("llamacpp-server: stopped while llama-server was loading the model");
            }
            if (!process.isAlive()) {
                throw startFailure("exited with code " + process.exitValue() + " before it was ready");
            }
            try {
                if (health.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the port opens only after the process has parsed its arguments
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(process);
                throw new LlmException("llamacpp-server: interrupted while waiting for llama-server to load the model");
            }
            if (System.nanoTime() - deadline > 0) {
                stop(process);
                throw startFailure("was not ready after " + settings.startupTimeout().toSeconds()
                        + " s (llm.startupSeconds)");
            }
            try {
                Thread.sleep(HEALTH_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(process);
                throw new LlmException("llamacpp-server: interrupted while waiting for llama-server to load the model");
            }
        }
    }

    private LlmException startFailure(String what) {
        return new LlmException("llamacpp-server: llama-server " + what + " (model " + settings.modelPath() + ")"
                + logSummary());
    }

    private String logSummary() {
        String last = lastLogLine();
        return "; log " + logFile + (last.isEmpty() ? " (empty)" : ", last line: " + last);
    }

    private boolean hasExited(Process process) {
        try {
            return process.waitFor(EXIT_SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private void stopForJvmExit() {
        stopping = true;
        stop(liveProcess);
    }

    /** SIGTERM lets llama-server free the model cleanly; SIGKILL after the grace period. */
    private static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Bind port 0 and let it go again: the server may lose a race for it, which it reports as a failed start. */
    private static int freeLoopbackPort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new LlmException("llamacpp-server: no free port on 127.0.0.1: " + e.getMessage());
        }
    }

    private static Path createLogFile(Path logDir) {
        Path dir = logDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : logDir;
        try {
            Files.createDirectories(dir);
            return Files.createTempFile(dir, "llama-server-", ".log");
        } catch (IOException e) {
            throw new LlmException("llamacpp-server: cannot create a log file in " + dir + ": " + e.getMessage());
        }
    }

    /** The last non-blank line, read from the file's end: llama-server logs can be long. */
    private String lastLogLine() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            int tail = (int) Math.min(length, 8192);
            byte[] bytes = new byte[tail];
            file.seek(length - tail);
            file.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R");
            for (int i = lines.length - 1; i >= 0; i--) {
                String line = lines[i].strip();
                if (!line.isEmpty()) {
                    return line.length() <= MAX_LOG_LINE_CHARS ? line : line.substring(0, MAX_LOG_LINE_CHARS) + "...";
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }
}
