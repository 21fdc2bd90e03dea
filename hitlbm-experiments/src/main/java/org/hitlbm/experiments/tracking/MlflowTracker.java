package org.hitlbm.experiments.tracking;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

/**
 * Reports runs to an MLflow tracking server over its REST API: one MLflow experiment per spec, one
 * MLflow run per grid cell and seed.
 */
public final class MlflowTracker implements Tracker {
    static final String RUN_NAME_TAG = "mlflow.runName";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final String trackingUri;
    private final MlflowClient client;
    private final MlflowArtifactUploader uploader;
    private final Map<String, String> experimentIds = new ConcurrentHashMap<>();

    private MlflowTracker(String trackingUri, MlflowClient client, HttpClient http) {
        this.trackingUri = trackingUri;
        this.client = client;
        this.uploader = new MlflowArtifactUploader(trackingUri, http);
    }

    /**
     * Connects to the server at {@code trackingUri} (http or https), probing it with a short timeout
     * first: the mlflow-client's own HTTP calls would otherwise stall a grid on a dead server.
     *
     * @throws TrackingUnavailableException when the server does not answer like MLflow
     */
    public static MlflowTracker connect(String trackingUri) {
        String uri = trackingUri == null ? "" : trackingUri.trim().replaceAll("/+$", "");
        if (!uri.startsWith("http://") && !uri.startsWith("https://")) {
            throw unreachable(uri, "not an http(s) URI", null);
        }
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        probe(uri, http);
        return new MlflowTracker(uri, new MlflowClient(uri), http);
    }

    private static void probe(String uri, HttpClient http) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(uri + "/api/2.0/mlflow/experiments/search?max_results=1"))
                    .timeout(PROBE_TIMEOUT)
                    .GET()
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw unreachable(uri, "HTTP " + response.statusCode() + " from the experiments API", null);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw unreachable(uri, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(uri, "interrupted", e);
        }
    }

    private static TrackingUnavailableException unreachable(String uri, String cause, Throwable error) {
        return new TrackingUnavailableException("MLflow tracking server at " + uri + " is unreachable: " + cause
                + "; local results are still written, upload later with `sync-mlflow results/<experiment>`", error);
    }

    /** The normalised URI this tracker talks to (no trailing slash). */
    public String trackingUri() {
        return trackingUri;
    }

    @Override
    public MlflowRun startRun(String experiment, String runName, Map<String, String> params, Map<String, String> tags) {
        return startRun(experiment, runName, params, tags, Instant.now());
    }

    /** Like {@link #startRun(String, String, Map, Map)}, backdated: used when syncing finished local runs. */
    public MlflowRun startRun(String experiment, String runName, Map<String, String> params, Map<String, String> tags,
            Instant startTime) {
        String experimentId = experimentId(experiment);
        CreateRun.Builder request = CreateRun.newBuilder()
                .setExperimentId(experimentId)
                .setRunName(runName)
                .setStartTime(startTime.toEpochMilli())
                // older servers ignore run_name and only read the tag
                .addTags(RunTag.newBuilder().setKey(RUN_NAME_TAG).setValue(runName));
        RunInfo info = call("create run '" + runName + "' in experiment '" + experiment + "'",
                () -> client.createRun(request.build()));
        MlflowRun run = new MlflowRun(this, experimentId, info.getRunId(), info.getArtifactUri());
        try {
            run.logParams(params);
            run.setTags(tags);
        } catch (TrackingUnavailableException e) {
            run.abandon();
            throw e;
        }
        return run;
    }

    /** The id of the experiment named {@code name}, created when missing. */
    String experimentId(String name) {
        return experimentIds.computeIfAbsent(name, this::getOrCreateExperiment);
    }

    private String getOrCreateExperiment(String name) {
        Optional<Experiment> existing = call("look up experiment '" + name + "'", () -> client.getExperimentByName(name));
        if (existing.isEmpty()) {
            try {
                return call("create experiment '" + name + "'", () -> client.createExperiment(name));
            } catch (TrackingUnavailableException e) {
                // another process may have created it meanwhile
                existing = call("look up experiment '" + name + "'", () -> client.getExperimentByName(name));
                if (existing.isEmpty()) {
                    throw e;
                }
            }
        }
        Experiment experiment = existing.get();
        if ("deleted".equals(experiment.getLifecycleStage())) {
            throw new TrackingUnavailableException("MLflow experiment '" + name + "' at " + trackingUri
                    + " is deleted; restore it (`mlflow experiments restore --experiment-id "
                    + experiment.getExperimentId() + "`) or choose another tracking.experiment", null);
        }
        return experiment.getExperimentId();
    }

    /** Runs one client request, turning any failure into the exception callers expect. */
    <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (MlflowHttpException e) {
            throw new TrackingUnavailableException("MLflow at " + trackingUri + " refused to " + what + ": HTTP "
                    + e.getStatusCode() + " " + e.getBodyMessage(), e);
        } catch (RuntimeException e) {
            throw new TrackingUnavailableException("MLflow at " + trackingUri + " failed to " + what + ": " + e, e);
        }
    }

    void callVoid(String what, Runnable request) {
        call(what, () -> {
            request.run();
            return null;
        });
    }

    MlflowClient client() {
        return client;
    }

    MlflowArtifactUploader uploader() {
        return uploader;
    }

    /** Splits {@code items} into consecutive batches of at most {@code size}. */
    static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return chunks;
    }

    @Override
    public String describe() {
        return "mlflow at " + trackingUri;
    }

    @Override
    public void close() {
        client.close();
    }
}
