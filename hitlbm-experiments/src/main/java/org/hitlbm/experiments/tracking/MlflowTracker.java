package org.hitlbm.experiments.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports runs to an MLflow tracking server over its REST API: one MLflow experiment per spec, one
 * MLflow run per run of the spec. Idempotent: every run carries its content key as the tag
 * {@value RunKeys#TAG}, and a run is looked up by it before one is created, so a resumed grid or a
 * repeated sync continues the run already on the server (left RUNNING by a kill, or half-uploaded)
 * instead of adding a second one.
 */
public final class MlflowTracker implements Tracker {
    static final String RUN_NAME_TAG = "mlflow.runName";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final String trackingUri;
    private final MlflowRest rest;
    private final MlflowArtifactUploader uploader;
    private final Map<String, String> experimentIds = new ConcurrentHashMap<>();

    private MlflowTracker(String trackingUri, HttpClient http) {
        this.trackingUri = trackingUri;
        this.rest = new MlflowRest(trackingUri, http);
        this.uploader = new MlflowArtifactUploader(trackingUri, http);
    }

    /**
     * Connects to the server at {@code trackingUri} (http or https), probing it with a short timeout
     * first, so a dead server costs seconds, not a stalled grid.
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
        return new MlflowTracker(uri, http);
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

    /** A run on the server: id, status (RUNNING, FINISHED, FAILED, KILLED) and artifact root. */
    public record RemoteRun(String runId, String status, String artifactUri, long startTime) {
    }

    /**
     * Like {@link #startRun(String, String, Map, Map)}, backdated (syncing finished local runs). When
     * {@code tags} hold a run key and the experiment already has a run with it, that run is resumed:
     * set RUNNING again, its missing params logged, its tags updated; runs with the same key beyond
     * the first (left by older versions) are deleted, so the key names one run.
     */
    public MlflowRun startRun(String experiment, String runName, Map<String, String> params, Map<String, String> tags,
            Instant startTime) {
        String experimentId = experimentId(experiment);
        String key = tags == null ? null : tags.get(RunKeys.TAG);
        List<RemoteRun> existing = key == null ? List.of() : findByKey(experimentId, key);
        MlflowRun run;
        Map<String, String> toLog = params;
        if (existing.isEmpty()) {
            ObjectNode request = MlflowRest.object().put("experiment_id", experimentId).put("run_name", runName)
                    .put("start_time", startTime.toEpochMilli());
            // older servers ignore run_name and only read the tag
            var createTags = request.putArray("tags");
            createTags.addObject().put("key", RUN_NAME_TAG).put("value", runName);
            if (key != null) {
                // with the run itself, so that a kill right after creating it still leaves a run that can be found
                createTags.addObject().put("key", RunKeys.TAG).put("value", key);
            }
            JsonNode info = rest.post("runs/create", request, "create run '" + runName + "' in experiment '" + experiment + "'")
                    .path("run").path("info");
            run = new MlflowRun(this, experimentId, info.path("run_id").asText(), info.path("artifact_uri").asText(), null);
        } else {
            RemoteRun keep = existing.get(0);
            for (RemoteRun extra : existing.subList(1, existing.size())) {
                rest.post("runs/delete", MlflowRest.object().put("run_id", extra.runId()), "delete duplicate run " + extra.runId());
            }
            rest.post("runs/update", MlflowRest.object().put("run_id", keep.runId()).put("status", "RUNNING"),
                    "resume run " + keep.runId());
            run = new MlflowRun(this, experimentId, keep.runId(), keep.artifactUri(), keep.status());
            toLog = missingParams(keep.runId(), params);
        }
        try {
            run.logParams(toLog);
            run.setTags(tags);
        } catch (TrackingUnavailableException e) {
            run.abandon();
            throw e;
        }
        return run;
    }

    /** The runs of the experiment tagged with {@code runKey}, the one to keep first (finished, then oldest). */
    public List<RemoteRun> findByKey(String experimentId, String runKey) {
        ObjectNode request = MlflowRest.object().put("filter", "tags.`" + RunKeys.TAG + "` = '" + runKey.replace("'", "") + "'")
                .put("max_results", 100).put("run_view_type", "ACTIVE_ONLY");
        request.putArray("experiment_ids").add(experimentId);
        List<RemoteRun> runs = new ArrayList<>();
        for (JsonNode run : rest.post("runs/search", request, "look up run " + runKey).path("runs")) {
            JsonNode info = run.path("info");
            runs.add(new RemoteRun(info.path("run_id").asText(), info.path("status").asText(), info.path("artifact_uri").asText(),
                    info.path("start_time").asLong()));
        }
        runs.sort(Comparator.comparing((RemoteRun r) -> !"FINISHED".equals(r.status())).thenComparingLong(RemoteRun::startTime));
        return runs;
    }

    /** Lookup by experiment name; empty when the experiment does not exist yet. */
    public List<RemoteRun> findByKey(String experiment, String runKey, boolean createExperiment) {
        if (!createExperiment && rest.getOrNull("experiments/get-by-name", "experiment_name", experiment,
                "look up experiment '" + experiment + "'") == null) {
            return List.of();
        }
        return findByKey(experimentId(experiment), runKey);
    }

    /** MLflow params cannot change once logged: only those the run does not have yet. */
    private Map<String, String> missingParams(String runId, Map<String, String> params) {
        if (params == null) {
            return Map.of();
        }
        JsonNode run = rest.getOrNull("runs/get", "run_id", runId, "read run " + runId);
        Map<String, String> logged = new HashMap<>();
        if (run != null) {
            run.path("run").path("data").path("params").forEach(p -> logged.put(p.path("key").asText(), p.path("value").asText()));
        }
        Map<String, String> missing = new java.util.LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (!logged.containsKey(MlflowNames.key(k))) {
                missing.put(k, v);
            }
        });
        return missing;
    }

    /** The id of the experiment named {@code name}, created when missing. */
    String experimentId(String name) {
        return experimentIds.computeIfAbsent(name, this::getOrCreateExperiment);
    }

    private String getOrCreateExperiment(String name) {
        String what = "look up experiment '" + name + "'";
        JsonNode existing = rest.getOrNull("experiments/get-by-name", "experiment_name", name, what);
        if (existing == null) {
            try {
                return rest.post("experiments/create", MlflowRest.object().put("name", name), "create experiment '" + name + "'")
                        .path("experiment_id").asText();
            } catch (TrackingUnavailableException e) {
                // another process may have created it meanwhile
                existing = rest.getOrNull("experiments/get-by-name", "experiment_name", name, what);
                if (existing == null) {
                    throw e;
                }
            }
        }
        JsonNode experiment = existing.path("experiment");
        if ("deleted".equals(experiment.path("lifecycle_stage").asText())) {
            throw new TrackingUnavailableException("MLflow experiment '" + name + "' at " + trackingUri
                    + " is deleted; restore it (`mlflow experiments restore --experiment-id "
                    + experiment.path("experiment_id").asText() + "`) or choose another tracking.experiment", null);
        }
        return experiment.path("experiment_id").asText();
    }

    MlflowRest rest() {
        return rest;
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
        // java.net.http needs no closing here; nothing is buffered
    }
}
