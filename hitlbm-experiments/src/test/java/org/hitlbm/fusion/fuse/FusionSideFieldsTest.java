package org.hitlbm.fusion.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.hitlbm.backbones.nn.FeatureEmbeddings;
import org.hitlbm.data.PreparedData;
import org.junit.jupiter.api.Test;

class FusionSideFieldsTest {

    @Test
    void eUserAndEItemEnterTheFieldModelsAsTwoFields() {
        // SPEC Eq. 14: two side features; as one projected field, <e_user, e_item> could never interact in FM/CIN/bilinear
        PreparedData data = FusionFixtures.data(6, 60, 20);
        FusionSideInput side = Fusions.create("mlp", Map.of("outDim", 8), FusionFixtures.randomVectors(data, 8, 1));
        assertEquals(16, side.width());
        FeatureEmbeddings embeddings = new FeatureEmbeddings(data.features(), 4, side.newLayer(), false);
        assertEquals(FeatureEmbeddings.BASE_FIELDS + 2, embeddings.numFields());
    }
}
