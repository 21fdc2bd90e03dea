package org.hitlbm.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

class MlflowNamesTest {
    @Test
    void keysKeepAllowedCharactersAndReplaceOthers() {
        assertEquals("train.lr-max_1 a/b:c", MlflowNames.key("train.lr-max_1 a/b:c"));
        assertEquals("fusion.weights_0_", MlflowNames.key("fusion.weights[0]"));
        assertEquals("a_b", MlflowNames.key("a=b"));
        assertEquals("a/b/__/c", MlflowNames.key("/a//b/./../c/"));
        assertEquals("_", MlflowNames.key(""));
        assertEquals(250, MlflowNames.key("k".repeat(300)).length());
    }

    @Test
    void proxyUrlTakesThePathOfEitherArtifactUriForm() {
        MlflowArtifactUploader uploader = new MlflowArtifactUploader("http://127.0.0.1:5055", HttpClient.newHttpClient());
        String expected = "http://127.0.0.1:5055/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/dir/config.yaml";
        assertEquals(expected, uploader.proxyUrl(URI.create("mlflow-artifacts:/1/abc/artifacts"), "dir/config.yaml"));
        assertEquals(expected,
                uploader.proxyUrl(URI.create("mlflow-artifacts://host:5000/1/abc/artifacts"), "dir/config.yaml"));
    }
}
