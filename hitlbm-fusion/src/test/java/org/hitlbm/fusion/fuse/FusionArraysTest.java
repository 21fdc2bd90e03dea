package org.hitlbm.fusion.fuse;

import static org.hitlbm.fusion.fuse.FusionFixtures.batch;
import static org.hitlbm.fusion.fuse.FusionFixtures.gaussian;
import static org.hitlbm.fusion.fuse.FusionFixtures.layer;
import static org.hitlbm.fusion.fuse.FusionFixtures.ones;
import static org.hitlbm.fusion.fuse.FusionFixtures.randomChunks;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A fusion layer's forward pass, trained or scored, leaves no array on the manager its parameters
 * live on (the model's, alive as long as the model): what a batch makes closes with the batch.
 * Learned positions did leave their table's slice behind once per batch.
 */
class FusionArraysTest {
    private static final int D = 8;

    @Test
    void forwardPassesLeaveNoArraysOnTheParametersManager() {
        for (Map.Entry<String, Map<String, Object>> f : FusionFixtures.ALL_FUSIONS) {
            for (boolean training : new boolean[] {true, false}) {
                try (NDManager model = NDManager.newBaseManager("PyTorch")) {
                    FusionLayer layer = layer(model, f.getKey(), f.getValue(), D, 4, 31);
                    layer.bind(new ParameterStore(model, false), training);
                    Random random = new Random(37);
                    int[] held = new int[4];
                    for (int b = 0; b < held.length; b++) {
                        try (NDManager batchManager = model.newSubManager()) {
                            float[][][] chunks = {randomChunks(random, 4, D), randomChunks(random, 2, D)};
                            float[][] items = {gaussian(random, D), gaussian(random, D)};
                            layer.apply(batch(batchManager, chunks, new float[][] {ones(4), ones(2)}, items, 4, 0f).toList());
                        }
                        held[b] = ((BaseNDManager) model).getManagedArrays().size();
                    }
                    for (int b = 1; b < held.length; b++) {
                        assertEquals(held[0], held[b], f + (training ? " training" : " scoring") + ": arrays after batch "
                                + (b + 1) + " against after batch 1");
                    }
                }
            }
        }
    }
}
