package org.hitlbm.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.hitlbm.experiments.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 10: a server that answers the connection probe and then stops answering (as one
 * under SIGSTOP does) costs one timeout, not a stalled grid; the grid ends with local results.
 */
class HungServerTest {
    @TempDir
    Path dir;

    @Test
    void aServerThatStopsAnsweringCostsOneTimeoutAndTheGridFinishesLocally() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/experiments/search")) {
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                return;
            }
            try {
                never.await(); // hung: reads the request, never answers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        try {
            Path spec = dir.resolve("hung.yaml");
            Files.writeString(spec, """
                    dataset:
                      name: synthetic
                      minUserInteractions: 20
                      synthetic: {users: 40, items: 150, minBehaviors: 60, maxBehaviors: 120}
                    backbone:
                      name: lr
                    train:
                      epochs: 2
                    tracking:
                      uri: http://127.0.0.1:%d
                    paths:
                      results: %s
                      cache: %s
                    grid:
                      train.learningRate: [0.05, 0.1, 0.2]
                    """.formatted(server.getAddress().getPort(), dir.resolve("results"), dir.resolve("cache")));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            // before: the mlflow-client waited for the answer with no timeout, i.e. for as long as the server was stopped
            int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).execute("run", spec.toString()));
            String stdout = out.toString(StandardCharsets.UTF_8);
            String stderr = err.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, stdout + stderr);
            assertTrue(stdout.contains("done: 3 finished"), stdout);
            assertTrue(stderr.contains("did not answer within"), stderr);
            assertEquals(1, stderr.split("tracking stopped", -1).length - 1, "one warning, then local results only: " + stderr);
            assertTrue(!stderr.contains("Rate limit"), stderr);
        } finally {
            never.countDown();
            server.stop(0);
        }
    }
}
