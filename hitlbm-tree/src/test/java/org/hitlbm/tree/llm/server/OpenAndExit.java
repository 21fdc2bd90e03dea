package org.hitlbm.tree.llm.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Run in a child JVM by {@link LlamaServerLifecycleTest}: opens the backend on the given fake
 * server, makes one request, prints "ready" and then, never closing the client, either returns
 * from main ({@code return}) or waits to be killed ({@code wait}, for SIGTERM as Ctrl-C sends SIGINT).
 *
 * <p>Arguments: server script, GGUF file, log directory, pid file, {@code return} or {@code wait}.
 */
public final class OpenAndExit {
    private OpenAndExit() {
    }

    public static void main(String[] args) throws Exception {
        LlamaServerSettings settings = new LlamaServerSettings(Path.of(args[0]), Path.of(args[1]), 1, 512,
                List.of("--fake-pid-file", args[3]), Duration.ofSeconds(20), Path.of(args[2]));
        LlamaServerClient client = new LlamaServerClient(settings, 1, Duration.ofSeconds(10), 0);
        client.generate("Describe the user.", 1, 0.0, 16);
        System.out.println("ready");
        System.out.flush();
        if (args[4].equals("wait")) {
            Thread.sleep(60_000);
        }
    }
}
