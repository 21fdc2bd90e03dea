package org.hitlbm.tree.llm.openai;

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
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat-completions server on 127.0.0.1 that the test scripts: it answers POST
 * {@code /v1/chat/completions} with whatever the {@link Responder} says for the n-th attempt,
 * and records the requests, the attempts and the most requests it saw in flight at once. Other
 * modules' tests use it through this module's test jar.
 */
public final class LoopbackChatServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    public record Reply(int status, String body) {
        public static Reply ok(String body) {
            return new Reply(200, body);
        }
    }

    @FunctionalInterface
    public interface Responder {
        /** @param attempt 1 for the first request the server receives */
        Reply reply(int attempt, JsonNode request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Responder responder;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<JsonNode> answered = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private LoopbackChatServer(Responder responder, int port) throws IOException {
        this.responder = responder;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/v1/chat/completions", this::handle);
        server.createContext("/v1/models", exchange -> {
            byte[] body = "{\"object\":\"list\",\"data\":[{\"id\":\"loopback-model\",\"object\":\"model\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(handlers);
        server.start();
    }

    public static LoopbackChatServer start(Responder responder) throws IOException {
        return new LoopbackChatServer(responder, 0);
    }

    /** On a given loopback port (one {@link #unreachableBaseUrl()} named, say). */
    public static LoopbackChatServer startOn(int port, Responder responder) throws IOException {
        return new LoopbackChatServer(responder, port);
    }

    /** A base URL on a loopback port where nothing listens. */
    public static String unreachableBaseUrl() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        return "http://127.0.0.1:" + port + "/v1";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public int attempts() {
        return attempts.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public List<JsonNode> requests() {
        return requests;
    }

    /** The requests whose whole response was written. */
    public List<JsonNode> answered() {
        return answered;
    }

    public List<String> authorizations() {
        return authorizations;
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            int attempt = attempts.incrementAndGet();
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            Reply reply;
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply = new Reply(405, "{\"error\":\"POST only\"}");
            } else {
                reply = responder.reply(attempt, request);
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            answered.add(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IOException("loopback responder failed", e);
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    /** A chat-completions response with text and usage. */
    public static String completion(String content, int promptTokens, int completionTokens) {
        ObjectNode root = envelope();
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return root.toString();
    }

    /** A one-token response whose first token carries these top log-probabilities (in order). */
    public static String firstTokenLogprobs(Map<String, Double> topLogprobs) {
        Map.Entry<String, Double> chosen = topLogprobs.entrySet().iterator().next();
        ObjectNode root = envelope();
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", chosen.getKey());
        choice.put("finish_reason", "length");
        ObjectNode token = choice.putObject("logprobs").putArray("content").addObject();
        token.put("token", chosen.getKey()).put("logprob", chosen.getValue());
        ArrayNode top = token.putArray("top_logprobs");
        topLogprobs.forEach((text, logprob) -> top.addObject().put("token", text).put("logprob", logprob));
        root.putObject("usage").put("prompt_tokens", 9).put("completion_tokens", 1).put("total_tokens", 10);
        return root.toString();
    }

    private static ObjectNode envelope() {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1_700_000_000L)
                .put("model", "loopback-model");
        return root;
    }
}
