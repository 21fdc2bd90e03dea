package org.hitlbm.tree.llm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hitlbm.tree.llm.Generation;
import org.hitlbm.tree.llm.LlmException;
import org.hitlbm.tree.llm.YesNo;
import org.hitlbm.tree.llm.openai.Backoff;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The llamacpp-server backend's process lifecycle against {@link FakeLlamaServer}, a llama-server
 * stand-in in its own JVM behind an executable script: start and health wait, restart after a
 * crash, stop on close and on JVM exit, and the one-line errors of a server that does not come up.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LlamaServerLifecycleTest {
    private static final Backoff TINY = new Backoff(Duration.ofMillis(1), Duration.ofMillis(4));

    @TempDir
    Path dir;
    private Path script;
    private Path gguf;
    private Path events;
    private Path pidFile;

    @BeforeEach
    void writeFakeServerScript() throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        script = dir.resolve("llama-server");
        // small heap, C1 only: the fake starts faster on shared cores
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -Xmx64m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' " + FakeLlamaServer.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        gguf = Files.write(dir.resolve("tiny.gguf"), new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0});
        events = dir.resolve("events.txt");
        pidFile = dir.resolve("server.pid");
    }

    private LlamaServerSettings settings(Duration startup, String... hooks) {
        List<String> extra = new ArrayList<>(List.of("--fake-events", events.toString(), "--fake-pid-file", pidFile.toString()));
        extra.addAll(List.of(hooks));
        return new LlamaServerSettings(script, gguf, 1, 512, extra, startup, dir.resolve("logs"));
    }

    private LlamaServerClient open(String... hooks) {
        return new LlamaServerClient(settings(Duration.ofSeconds(20), hooks), 2, Duration.ofSeconds(10), 2, TINY);
    }

    @Test
    void startsWaitsForHealthThenAnswersInTheOpenAiShape() throws Exception {
        try (LlamaServerClient client = open()) {
            Generation generation = client.generate("Describe the user.", 7, 0.5, 32);
            YesNo.Answer answer = client.yesNo("Will the user like it? Yes or No.");

            assertEquals(FakeLlamaServer.CONTENT, generation.text());
            assertEquals(12, generation.promptTokens());
            assertEquals(9, generation.completionTokens());
            double yes = Math.exp(FakeLlamaServer.YES_LOGPROB);
            double no = Math.exp(FakeLlamaServer.NO_LOGPROB);
            assertEquals(yes / (yes + no), answer.probability(), 1e-9);
            assertEquals(yes + no, answer.mass(), 1e-9);
            assertEquals(answer.probability(), client.yesProbability("again"), 1e-9);
            assertEquals("llamacpp-server", client.backend());
            assertEquals("tiny.gguf:8", client.model(), "file name and size name the exact weights");
            assertEquals(0, client.restarts());

            List<String> lines = Files.readAllLines(events);
            String args = lines.get(0);
            for (String expected : List.of("--model " + gguf, "--host 127.0.0.1", "--threads 1", "--ctx-size 512",
                    "--parallel 1", "--poll 0", "--no-webui")) {
                assertTrue(args.contains(expected), "command line lacks '" + expected + "': " + args);
            }
            int firstChat = lines.indexOf("chat");
            int healthy = lines.indexOf("health 200");
            assertTrue(lines.contains("health 503"), "the wait saw the loading phase: " + lines);
            assertTrue(healthy > 0 && healthy < firstChat, "no request before /health said 200: " + lines);
            assertTrue(Files.readString(client.logFile()).contains("fake llama-server: listening"),
                    "the server's output goes to the log file");
        }
    }

    @Test
    void aServerThatDiedIsStartedAgainAndTheRequestStillSucceeds() throws Exception {
        try (LlamaServerClient client = open("--fake-exit-after", "1")) {
            assertEquals(FakeLlamaServer.CONTENT, client.generate("first", 1, 0.0, 16).text());
            long firstPid = pid();
            waitUntilDead(firstPid);

            assertEquals(FakeLlamaServer.CONTENT, client.generate("second", 2, 0.0, 16).text());
            assertEquals(1, client.restarts());
            assertTrue(pid() != firstPid, "a new process answered");
        }
    }

    @Test
    void aServerDyingDuringARequestIsRestartedAndTheRequestSentAgain() throws Exception {
        // alive when the second request is sent, dead before it answers: a connection error, not a dead process found
        try (LlamaServerClient client = open("--fake-crash-after", "1")) {
            client.generate("first", 1, 0.0, 16);
            long firstPid = pid();
            YesNo.Answer answer = client.yesNo("second");
            assertTrue(answer.probability() > 0.5, "the retried request was answered: " + answer);
            assertEquals(1, client.restarts());
            assertTrue(pid() != firstPid, "a new process answered");
            assertEquals(3, Files.readAllLines(events).stream().filter("chat"::equals).count(),
                    "first, the one the crash lost, and its one retry");
        }
    }

    @Test
    void aServerThatKeepsCrashingIsGivenUpAfterThreeRestartsInARow() {
        try (LlamaServerClient client = open("--fake-crash-after", "0")) {
            LlmException first = assertThrows(LlmException.class, () -> client.generate("a", 1, 0.0, 16)); // restart 1, retry crashes
            assertTrue(first.getMessage().contains("died again during a request it was restarted for (exit code 139)")
                    && first.getMessage().contains(client.logFile().toString()), first.getMessage());
            assertOneLine(first.getMessage());
            assertThrows(LlmException.class, () -> client.generate("b", 1, 0.0, 16)); // restarts 2 and 3
            LlmException e = assertThrows(LlmException.class, () -> client.generate("c", 1, 0.0, 16));
            assertEquals(3, client.restarts());
            assertTrue(e.getMessage().contains("giving up") && e.getMessage().contains(client.logFile().toString()),
                    e.getMessage());
            assertOneLine(e.getMessage());
        }
    }

    @Test
    void concurrentRequestsShareOneServer() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (LlamaServerClient client = open()) {
            List<Future<Generation>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long seed = i;
                futures.add(threads.submit(() -> client.generate("p" + seed, seed, 0.7, 16)));
            }
            for (Future<Generation> f : futures) {
                assertEquals(FakeLlamaServer.CONTENT, f.get(20, TimeUnit.SECONDS).text());
            }
            assertEquals(0, client.restarts());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void closeStopsTheProcess() throws Exception {
        LlamaServerClient client = open();
        client.generate("p", 1, 0.0, 16);
        long pid = pid();
        assertTrue(alive(pid));

        client.close();

        assertFalse(alive(pid), "llama-server still runs after close()");
        LlmException e = assertThrows(LlmException.class, () -> client.generate("p", 1, 0.0, 16));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        client.close(); // idempotent
    }

    @Test
    void theServerIsStoppedWhenTheJvmExitsWithoutClose() throws Exception {
        Process child = childJvm("return");
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child JVM did not exit after main returned");
        assertFalse(alive(pid()), "llama-server outlived the JVM that started it");
    }

    @Test
    void theServerIsStoppedWhenTheJvmIsTerminatedLikeCtrlC() throws Exception {
        Process child = childJvm("wait");
        child.destroy(); // SIGTERM runs the shutdown hooks as SIGINT does
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child JVM did not exit on SIGTERM");
        assertFalse(alive(pid()), "llama-server outlived the JVM that started it");
    }

    @Test
    void aServerThatNeverBecomesHealthyIsAOneLineErrorNamingTheLog() throws Exception {
        LlmException e = assertThrows(LlmException.class, () -> new LlamaServerClient(
                settings(Duration.ofMillis(1500), "--fake-never-healthy"), 1, Duration.ofSeconds(5), 0, TINY));
        assertTrue(e.getMessage().contains("was not ready after"), e.getMessage());
        assertTrue(e.getMessage().contains(logFileIn(dir.resolve("logs")).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("last line: fake llama-server: listening"), e.getMessage());
        assertOneLine(e.getMessage());
        assertFalse(alive(pid()), "the server that was not ready is stopped");
    }

    @Test
    void aServerThatExitsAtStartIsAOneLineErrorWithTheExitCodeAndTheLogsLastLine() throws Exception {
        LlmException e = assertThrows(LlmException.class, () -> new LlamaServerClient(
                settings(Duration.ofSeconds(20), "--fake-exit-at-start", "7"), 1, Duration.ofSeconds(5), 0, TINY));
        assertTrue(e.getMessage().contains("exited with code 7 before it was ready"), e.getMessage());
        assertTrue(e.getMessage().contains(logFileIn(dir.resolve("logs")).toString()), e.getMessage());
        assertTrue(e.getMessage().endsWith("last line: fake llama-server: error: failed to load model"), e.getMessage());
        assertOneLine(e.getMessage());
    }

    @Test
    void aMissingBinaryOrGgufIsAOneLineErrorBeforeAnythingStarts() {
        LlamaServerSettings noBinary = new LlamaServerSettings(dir.resolve("no-such-llama-server"), gguf, 1, 512, List.of(),
                Duration.ofSeconds(5), dir.resolve("logs"));
        LlmException e = assertThrows(LlmException.class, () -> new LlamaServerClient(noBinary, 1, Duration.ofSeconds(5), 0));
        assertTrue(e.getMessage().contains("no-such-llama-server") && e.getMessage().contains("scripts/build-llama-server.sh"),
                e.getMessage());
        assertOneLine(e.getMessage());

        LlamaServerSettings noGguf = new LlamaServerSettings(script, dir.resolve("missing.gguf"), 1, 512, List.of(),
                Duration.ofSeconds(5), dir.resolve("logs"));
        e = assertThrows(LlmException.class, () -> new LlamaServerClient(noGguf, 1, Duration.ofSeconds(5), 0));
        assertTrue(e.getMessage().contains("missing.gguf") && e.getMessage().contains("scripts/install-models.sh"),
                e.getMessage());
        assertOneLine(e.getMessage());
        assertFalse(Files.exists(events), "nothing was started");
    }

    /** Starts {@link OpenAndExit} in a child JVM and waits until its server has answered once. */
    private Process childJvm(String mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), OpenAndExit.class.getName(),
                script.toString(), gguf.toString(), dir.resolve("logs").toString(), pidFile.toString(), mode)
                .redirectErrorStream(true)
                .start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.add(line);
                if (line.equals("ready")) {
                    break;
                }
            }
            assertTrue(output.contains("ready"), "the child did not get an answer: " + output);
            assertTrue(alive(pid()), "the child's server runs");
            if (mode.equals("return")) {
                // drain, so a chatty exit cannot block on a full pipe
                while (out.readLine() != null) {
                    // discard
                }
            }
        } catch (IOException | AssertionError e) {
            child.destroyForcibly();
            throw e;
        }
        return child;
    }

    private long pid() throws IOException {
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void waitUntilDead(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (alive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(alive(pid), "the fake did not exit after its request");
    }

    private static Path logFileIn(Path logs) throws IOException {
        try (var files = Files.list(logs)) {
            return files.filter(f -> f.getFileName().toString().startsWith("llama-server-")).findFirst().orElseThrow();
        }
    }

    private static void assertOneLine(String message) {
        assertFalse(message.contains("\n") || message.contains("\r"), "not one line: " + message);
    }
}
