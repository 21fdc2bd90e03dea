package org.hitlbm.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnreachableTrackerTest {

    @Test
    void connectingToANonListeningPortFailsFastWithAnActionableMessage() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String uri = "http://127.0.0.1:" + port;

        long start = System.nanoTime();
        TrackingUnavailableException error =
                assertThrows(TrackingUnavailableException.class, () -> MlflowTracker.connect(uri));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(error.getMessage().contains(uri), error.getMessage());
        assertTrue(error.getMessage().contains("sync-mlflow"), error.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "connect took " + took);
    }

    @Test
    void nonHttpUriIsRejected() {
        TrackingUnavailableException error =
                assertThrows(TrackingUnavailableException.class, () -> MlflowTracker.connect("file:///tmp/mlruns"));
        assertTrue(error.getMessage().contains("file:///tmp/mlruns"), error.getMessage());
    }
}
