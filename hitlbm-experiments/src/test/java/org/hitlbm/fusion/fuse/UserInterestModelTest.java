package org.hitlbm.fusion.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.NeuralCtrModel;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.prep.Split;
import org.hitlbm.data.sample.CtrSamples;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fusion saved for serving gives, per user and item, the e_user and e_item the trained backbone
 * read for that sample (within 1e-5), once the model that trained it is gone: as the exported ONNX
 * model on onnxruntime and as the DJL layer reloaded, for every fusion and every branch of TIF.
 */
class UserInterestModelTest {
    @TempDir
    Path dir;

    @Test
    void theSavedFusionEmbedsAsTheTrainedModelDid() throws IOException {
        PreparedData data = FusionFixtures.data(12, 80, 20);
        ChunkVectors vectors = FusionFixtures.randomVectors(data, 8, 2);
        CtrSamples samples = data.samples();
        int[] trainRows = Arrays.copyOf(samples.rows(Split.TRAIN), 128);
        int[] testRows = samples.rows(Split.TEST);
        List<Map.Entry<String, Map<String, Object>>> fusions = List.of(Map.entry("tif", Map.of()),
                Map.entry("tif", Map.of("positions", "learned", "crossAttention", "paper-literal")),
                Map.entry("tif", Map.of("positions", "none", "crossAttention", "none", "pooling", "last", "scoreWeighting", false,
                        "modelDim", 0, "heads", 2)),
                Map.entry("sa", Map.of()), Map.entry("gru", Map.of()), Map.entry("mlp", Map.of("pooling", "last")),
                Map.entry("mlp", Map.of("hiddenUnits", "16,8")));
        for (Map.Entry<String, Map<String, Object>> f : fusions) {
            FusionSideInput side = Fusions.create(f.getKey(), f.getValue(), vectors);
            CtrData train = new CtrData(data.features(), samples, trainRows, side);
            CtrData test = new CtrData(data.features(), samples, testRows, side);
            Path saved = dir.resolve(f.getKey() + f.getValue().size());
            float[] trained;
            try (NeuralCtrModel model = (NeuralCtrModel) Backbones.byName("din").create(
                    new ModelContext(data.features(), 5, side, Backbones.byName("din").defaultParams(), 3))) {
                model.fit(train, train, new TrainSettings(2, 32, 1e-2, 2, 0, 3), TrainingListener.NONE);
                trained = model.sideVectors(test);
                UserInterestModel.save(saved, side, model.sideLayer());
            }
            assertTrue(Files.size(saved.resolve("fusion.onnx")) > 1000, "the ONNX model holds the weights");
            try (UserInterestModel onnx = UserInterestModel.load(saved); UserInterestModel djl = UserInterestModel.loadWithDjl(saved)) {
                for (UserInterestModel serving : List.of(onnx, djl)) {
                    String engine = serving == onnx ? "onnxruntime" : "DJL";
                    float worst = worstDifference(serving, samples, testRows, trained, side.width() / 2);
                    assertTrue(worst <= 1e-5f, f + ": " + engine + " serves vectors " + worst + " away from the trained model's");
                    float batched = worstBatchedDifference(serving, samples, testRows, trained, side.width() / 2);
                    assertTrue(batched <= 1e-5f, f + ": " + engine + " serves a padded batch " + batched + " away from the trained model's");
                    UserInterestModel.Embedding all = serving.embed(samples.user[testRows[0]], samples.item[testRows[0]]);
                    assertTrue(Arrays.stream(toDouble(all.user())).allMatch(Double::isFinite));
                }
            }
        }
        assertTrue(Arrays.stream(testRows).anyMatch(row -> samples.visibleChunks[row] > 1), "test rows that see several chunks");
        assertTrue(Arrays.stream(testRows).anyMatch(row -> samples.visibleChunks[row] == 0), "test rows that see none");
    }

    @Test
    void anOnnxModelThatDisagreesWithItsReferenceRowsIsRefused() throws IOException {
        PreparedData data = FusionFixtures.data(6, 60, 20);
        ChunkVectors vectors = FusionFixtures.randomVectors(data, 8, 2);
        FusionSideInput side = Fusions.create("gru", Map.of(), vectors);
        CtrData train = new CtrData(data.features(), data.samples(), data.samples().rows(Split.TRAIN), side);
        Path saved = dir.resolve("gru");
        try (NeuralCtrModel model = (NeuralCtrModel) Backbones.byName("din").create(
                new ModelContext(data.features(), 5, side, Backbones.byName("din").defaultParams(), 3))) {
            model.fit(train, train, new TrainSettings(1, 32, 1e-2, 1, 0, 3), TrainingListener.NONE);
            UserInterestModel.save(saved, side, model.sideLayer());
        }
        UserInterestModel.load(saved).close();
        List<String> reference = Files.readAllLines(saved.resolve("reference.tsv"));
        assertTrue(reference.size() > 2, "reference rows: " + reference);
        String[] row = reference.get(1).split("\t");
        row[3] = Float.toString(Float.parseFloat(row[3]) + 1e-3f);
        reference.set(1, String.join("\t", row));
        Files.write(saved.resolve("reference.tsv"), reference);
        IOException e = assertThrows(IOException.class, () -> UserInterestModel.load(saved));
        assertTrue(e.getMessage().contains("reference.tsv:2") && e.getMessage().contains("e_user[0]"), e.getMessage());
    }

    /** As {@link #worstDifference}, the rows embedded as one batch padded to the longest. */
    private static float worstBatchedDifference(UserInterestModel serving, CtrSamples samples, int[] rows, float[] trained, int out) {
        int[] users = Arrays.stream(rows).map(r -> samples.user[r]).toArray();
        int[] items = Arrays.stream(rows).map(r -> samples.item[r]).toArray();
        int[] visible = Arrays.stream(rows).map(r -> samples.visibleChunks[r]).toArray();
        UserInterestModel.Embedding[] all = serving.embedAll(users, items, visible);
        assertEquals(rows.length, all.length);
        float worst = 0;
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < out; c++) {
                worst = Math.max(worst, Math.abs(all[i].user()[c] - trained[i * 2 * out + c]));
                worst = Math.max(worst, Math.abs(all[i].item()[c] - trained[i * 2 * out + out + c]));
            }
        }
        return worst;
    }

    private static float worstDifference(UserInterestModel serving, CtrSamples samples, int[] rows, float[] trained, int out) {
        float worst = 0;
        for (int i = 0; i < rows.length; i++) {
            int row = rows[i];
            UserInterestModel.Embedding e = serving.embed(samples.user[row], samples.item[row], samples.visibleChunks[row]);
            assertEquals(out, e.user().length);
            for (int c = 0; c < out; c++) {
                worst = Math.max(worst, Math.abs(e.user()[c] - trained[i * 2 * out + c]));
                worst = Math.max(worst, Math.abs(e.item()[c] - trained[i * 2 * out + out + c]));
            }
        }
        return worst;
    }

    @Test
    void aFolderOfSomethingElseIsOneClearError() throws IOException {
        Files.createDirectories(dir.resolve("x"));
        Files.writeString(dir.resolve("x/fusion.txt"), "not a fusion\n");
        IOException e = assertThrows(IOException.class, () -> UserInterestModel.load(dir.resolve("x")));
        assertTrue(e.getMessage().contains("fusion.txt") && e.getMessage().contains("not a fusion this build reads"), e.getMessage());
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
