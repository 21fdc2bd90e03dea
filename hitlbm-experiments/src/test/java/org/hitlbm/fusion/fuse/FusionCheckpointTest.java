package org.hitlbm.fusion.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.hitlbm.backbones.Backbones;
import org.hitlbm.backbones.CtrData;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.NeuralCtrModel;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.prep.Split;
import org.hitlbm.nn.side.SideFeatures;
import org.hitlbm.nn.side.SideInput;
import org.hitlbm.nn.train.TrainSettings;
import org.hitlbm.nn.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fusion's weights belong to the model: trained, counted, kept as best weights, checkpointed. */
class FusionCheckpointTest {

    @Test
    void theFusionsWeightsAreInTheModelAndItsCheckpoint(@TempDir Path dir) throws IOException {
        PreparedData data = FusionFixtures.data(12, 80, 20);
        ChunkVectors vectors = FusionFixtures.randomVectors(data, 8, 2);
        int[] rows = Arrays.copyOf(data.samples().rows(Split.TRAIN), 128);
        FusionSideInput tif = Fusions.create("tif", Map.of(), vectors);
        SideFeatures fixed = new SideFeatures(tif.width(), new float[data.samples().size * tif.width()]);
        long fusionValues;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            fusionValues = FusionFixtures.layer(m, "tif", Map.of(), 8, vectors.maxChunks(), 1).getParameters().stream()
                    .mapToLong(p -> p.getValue().getArray().size()).sum();
        }
        long[] counts = new long[2];
        long[] bytes = new long[2];
        SideInput[] sides = {fixed, tif};
        for (int i = 0; i < 2; i++) {
            CtrData train = new CtrData(data.features(), data.samples(), rows, sides[i]);
            try (NeuralCtrModel model = (NeuralCtrModel) Backbones.byName("din").create(
                    new ModelContext(data.features(), 5, sides[i], Backbones.byName("din").defaultParams(), 1))) {
                model.fit(train, train, new TrainSettings(1, 64, 1e-3, 1, 0, 1), TrainingListener.NONE);
                counts[i] = model.parameterCount();
                Path checkpoint = dir.resolve("model" + i);
                model.saveCheckpoint(checkpoint);
                try (Stream<Path> files = Files.list(checkpoint)) {
                    bytes[i] = files.mapToLong(f -> f.toFile().length()).sum();
                }
            }
        }
        assertTrue(fusionValues > 0);
        // beyond the fusion's weights, e_user and e_item are two fields: one projection bias more than the static single field
        int embeddingDim = (Integer) Backbones.byName("din").defaultParams().get("embeddingDim");
        assertEquals(fusionValues + embeddingDim, counts[1] - counts[0], "every fusion weight is a trainable weight of the model");
        assertTrue(bytes[1] - bytes[0] >= 4 * fusionValues, "the checkpoint holds the fusion: " + Arrays.toString(bytes));
    }
}
