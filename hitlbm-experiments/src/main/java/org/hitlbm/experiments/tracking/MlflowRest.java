package org.hitlbm.experiments.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * MLflow's REST API over {@code java.net.http}, every call with a timeout. The mlflow-client jar
 * had none (a stopped server stalled a grid for as long as it was stopped) and retried 404s with a
 * misleading "Rate limit exceeded" message; this client makes one attempt per call and turns any
 * failure into {@link TrackingUnavailableException}, after which the runner falls back to local
 * results.
 */
final class MlflowRest {
    /** Per call; a server that answers nothing within this is treated as down. System property {@code hitlbm.mlflow.timeoutSeconds}. */
    static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("hitlbm.mlflow.timeoutSeconds", 10));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String trackingUri;
    private final HttpClient http;

    MlflowRest(String trackingUri, HttpClient http) {
        this.trackingUri = trackingUri;
        this.http = http;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** POST {@code /api/2.0/mlflow/<endpoint>} with a JSON body; the JSON answer. */
    JsonNode post(String endpoint, ObjectNode body, String what) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(trackingUri + "/api/2.0/mlflow/" + endpoint))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        return send(request, what);
    }

    /** GET {@code /api/2.0/mlflow/<endpoint>?<name>=<value>}; null when the server says the resource does not exist. */
    JsonNode getOrNull(String endpoint, String name, String value, String what) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(trackingUri + "/api/2.0/mlflow/" + endpoint + "?" + name + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8)))
                .timeout(TIMEOUT)
                .GET()
                .build();
        try {
            return send(request, what);
        } catch (NotFound e) {
            return null;
        }
    }

    private JsonNode send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new TrackingUnavailableException("MLflow at " + trackingUri + " did not answer within " + TIMEOUT.toSeconds()
                    + " s to " + what, e);
        } catch (IOException e) {
            throw new TrackingUnavailableException("MLflow at " + trackingUri + " failed to " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackingUnavailableException("interrupted while asking MLflow at " + trackingUri + " to " + what, e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 == 2) {
            return body;
        }
        String code = body.path("error_code").asText("");
        String message = body.path("message").asText(response.body() == null ? "" : response.body());
        if (response.statusCode() == 404 && (code.isEmpty() || code.equals("RESOURCE_DOES_NOT_EXIST"))) {
            throw new NotFound("MLflow at " + trackingUri + ": nothing to " + what + ": " + message);
        }
        throw new TrackingUnavailableException("MLflow at " + trackingUri + " refused to " + what + ": HTTP "
                + response.statusCode() + " " + code + " " + oneLine(message), null);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? object() : JSON.readTree(body);
        } catch (IOException e) {
            return object(); // an HTML error page, say: the status code tells what happened
        }
    }

    private static String oneLine(String text) {
        String first = text.lines().findFirst().orElse("");
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }

    /** The server says the resource is not there (HTTP 404, RESOURCE_DOES_NOT_EXIST). */
    static final class NotFound extends TrackingUnavailableException {
        NotFound(String message) {
            super(message, null);
        }
    }
}
