package org.hitlbm.tree.llm.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays llama-server in its own JVM for {@link LlamaServerLifecycleTest}: it takes the real
 * command line (and ignores what it does not know), answers {@code /health} 503 while "loading"
 * and 200 after, and {@code POST /v1/chat/completions} in the OpenAI shape. Test hooks, as extra
 * arguments:
 * <ul>
 *   <li>{@code --fake-events FILE}: appends "args ...", "health 503", "health 200" and "chat" lines</li>
 *   <li>{@code --fake-pid-file FILE}: writes its pid there</li>
 *   <li>{@code --fake-loading-ms N}: how long /health says 503 (default 300)</li>
 *   <li>{@code --fake-never-healthy}: /health says 503 for ever</li>
 *   <li>{@code --fake-exit-at-start CODE}: prints a load error and exits</li>
 *   <li>{@code --fake-exit-after K}: exits right after answering its K-th chat request</li>
 *   <li>{@code --fake-crash-after K}: answers K chat requests and exits on the next one without answering</li>
 * </ul>
 */
public final class FakeLlamaServer {
    static final String CONTENT = "Enjoys hard science fiction and slow-burning thrillers.";
    static final double YES_LOGPROB = -0.2;
    static final double NO_LOGPROB = -1.8;

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeLlamaServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = -1;
        Path events = null;
        Path pidFile = null;
        long loadingMillis = 300;
        boolean neverHealthy = false;
        Integer exitAtStart = null;
        int exitAfter = -1;
        int crashAfter = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--fake-events" -> events = Path.of(args[++i]);
                case "--fake-pid-file" -> pidFile = Path.of(args[++i]);
                case "--fake-loading-ms" -> loadingMillis = Long.parseLong(args[++i]);
                case "--fake-never-healthy" -> neverHealthy = true;
                case "--fake-exit-at-start" -> exitAtStart = Integer.parseInt(args[++i]);
                case "--fake-exit-after" -> exitAfter = Integer.parseInt(args[++i]);
                case "--fake-crash-after" -> crashAfter = Integer.parseInt(args[++i]);
                default -> {
                    // a real flag (--model, --threads, ...): accepted like llama-server would
                }
            }
        }
        if (pidFile != null) {
            Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        }
        record(events, "args " + String.join(" ", args));
        System.out.println("fake llama-server: loading model");
        if (exitAtStart != null) {
            System.err.println("fake llama-server: error: failed to load model");
            System.exit(exitAtStart);
        }
        if (port < 0) {
            System.err.println("fake llama-server: error: no --port");
            System.exit(2);
        }

        long readyAt = System.nanoTime() + loadingMillis * 1_000_000;
        boolean healthyNever = neverHealthy;
        Path eventFile = events;
        int exitAfterRequests = exitAfter;
        int crashAfterRequests = crashAfter;
        AtomicInteger answered = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        server.createContext("/health", exchange -> {
            boolean ready = !healthyNever && System.nanoTime() - readyAt >= 0;
            record(eventFile, ready ? "health 200" : "health 503");
            reply(exchange, ready ? 200 : 503, ready ? "{\"status\":\"ok\"}"
                    : "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}");
        });
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            record(eventFile, "chat");
            int n = answered.incrementAndGet();
            if (n == crashAfterRequests + 1 || (exitAfterRequests > 0 && n > exitAfterRequests)) {
                // crashing, or a request that slipped in while exiting: no answer either way
                Runtime.getRuntime().halt(139);
            }
            reply(exchange, 200, request.path("logprobs").asBoolean(false) ? yesNoCompletion() : completion());
            if (n == exitAfterRequests) {
                System.err.println("fake llama-server: exiting after " + exitAfterRequests + " request(s)");
                Runtime.getRuntime().halt(3);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("fake llama-server: listening on 127.0.0.1:" + port);
    }

    private static synchronized void record(Path events, String line) throws IOException {
        if (events != null) {
            Files.writeString(events, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        exchange.close();
    }

    private static String completion() {
        ObjectNode root = envelope();
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", CONTENT);
        choice.put("finish_reason", "stop");
        root.putObject("usage").put("prompt_tokens", 12).put("completion_tokens", 9).put("total_tokens", 21);
        return root.toString();
    }

    private static String yesNoCompletion() {
        ObjectNode root = envelope();
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", "Yes");
        choice.put("finish_reason", "length");
        ObjectNode token = choice.putObject("logprobs").putArray("content").addObject();
        token.put("token", "Yes").put("logprob", YES_LOGPROB);
        ArrayNode top = token.putArray("top_logprobs");
        top.addObject().put("token", "Yes").put("logprob", YES_LOGPROB);
        top.addObject().put("token", "No").put("logprob", NO_LOGPROB);
        top.addObject().put("token", "Maybe").put("logprob", -4.0);
        root.putObject("usage").put("prompt_tokens", 12).put("completion_tokens", 1).put("total_tokens", 13);
        return root.toString();
    }

    private static ObjectNode envelope() {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-fake").put("object", "chat.completion").put("created", 1_700_000_000L)
                .put("model", "fake.gguf");
        return root;
    }
}
