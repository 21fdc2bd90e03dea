package org.hitlbm.experiments.tracking;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Stores run artifacts without the Python CLI, which the Java mlflow-client's logArtifact shells out
 * to. A server with artifact serving ("mlflow-artifacts:" URIs) takes an HTTP PUT; a server that
 * writes artifacts to a local path (no serving, same machine) is handled by a file copy.
 */
final class MlflowArtifactUploader {
    static final String PROXY_API = "/api/2.0/mlflow-artifacts/artifacts/";
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(30); // a stopped server must not stall a grid for minutes

    private final String trackingUri;
    private final HttpClient http;

    MlflowArtifactUploader(String trackingUri, HttpClient http) {
        this.trackingUri = trackingUri;
        this.http = http;
    }

    /** Stores {@code file} at {@code artifactPath} below the run's artifact root {@code artifactUri}. */
    void upload(String artifactUri, Path file, String artifactPath) {
        String relative = cleanArtifactPath(artifactPath);
        URI root = URI.create(artifactUri.replace(" ", "%20"));
        String scheme = root.getScheme();
        if ("mlflow-artifacts".equals(scheme)) {
            put(proxyUrl(root, relative), file);
        } else if (scheme == null || "file".equals(scheme) || isWindowsDrive(scheme)) {
            copy(scheme == null || isWindowsDrive(scheme) ? Paths.get(artifactUri) : Paths.get(root), file, relative);
        } else {
            throw new TrackingUnavailableException("MLflow at " + trackingUri + " stores artifacts at '"
                    + artifactUri + "', which this client cannot write to; start the server with artifact serving"
                    + " (`mlflow server --serve-artifacts`, the default since MLflow 2)", null);
        }
    }

    /** {tracking}/api/2.0/mlflow-artifacts/artifacts/{path of the artifact URI}/{artifactPath}. */
    String proxyUrl(URI artifactRoot, String relativeArtifactPath) {
        String rootPath = artifactRoot.getPath() == null ? "" : artifactRoot.getPath();
        StringBuilder url = new StringBuilder(trackingUri).append(PROXY_API.substring(0, PROXY_API.length() - 1));
        for (String segment : (rootPath + "/" + relativeArtifactPath).split("/")) {
            if (!segment.isEmpty()) {
                url.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return url.toString();
    }

    private void put(String url, Path file) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(UPLOAD_TIMEOUT)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new TrackingUnavailableException("MLflow at " + trackingUri + " refused artifact upload to "
                        + url + ": HTTP " + response.statusCode() + " " + response.body(), null);
            }
        } catch (IOException e) {
            throw new TrackingUnavailableException("Artifact upload of " + file + " to MLflow at " + trackingUri
                    + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackingUnavailableException("Artifact upload of " + file + " was interrupted", e);
        }
    }

    private void copy(Path artifactRoot, Path file, String relative) {
        Path target = artifactRoot.resolve(relative).normalize();
        try {
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new TrackingUnavailableException("Could not copy artifact " + file + " to MLflow's artifact store "
                    + target + " (a server without artifact serving must share this file system): " + e, e);
        }
    }

    /** Relative, '/'-separated, no "." or ".." segments: the artifact must stay inside the run. */
    private static String cleanArtifactPath(String artifactPath) {
        StringBuilder clean = new StringBuilder();
        for (String segment : artifactPath.replace('\\', '/').split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw new IllegalArgumentException("artifact path must not contain '..': " + artifactPath);
            }
            if (clean.length() > 0) {
                clean.append('/');
            }
            clean.append(segment);
        }
        if (clean.length() == 0) {
            throw new IllegalArgumentException("empty artifact path: '" + artifactPath + "'");
        }
        return clean.toString();
    }

    private static boolean isWindowsDrive(String scheme) {
        return scheme.length() == 1;
    }
}
