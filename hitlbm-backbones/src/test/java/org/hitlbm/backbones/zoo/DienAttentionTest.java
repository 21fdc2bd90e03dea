package org.hitlbm.backbones.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hitlbm.backbones.ModelContext;
import org.hitlbm.backbones.nn.FeatureEmbeddings;
import org.hitlbm.data.DataPipeline;
import org.hitlbm.data.PreparedData;
import org.hitlbm.data.chunk.ChunkingConfig;
import org.hitlbm.data.prep.PreprocessConfig;
import org.hitlbm.data.synthetic.SyntheticConfig;
import org.hitlbm.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.api.Test;

class DienAttentionTest {

    @Test
    void theTargetIsProjectedIntoTheStateSpaceEvenWhenTheWidthsAgree() {
        // default: embedding 32, so a behavior is 64 wide, and gruUnits 64: the old code then compared the
        // raw target embedding with GRU states elementwise, two unrelated spaces
        PreparedData data = new DataPipeline(PreprocessConfig.movieLensDefaults(), ChunkingConfig.byCount(50), 5)
                .prepare(SyntheticGenerator.generate(SyntheticConfig.defaults().withUsers(5).withItems(50)));
        Map<String, Object> params = new LinkedHashMap<>(new Dien().defaultParams());
        ModelContext context = new ModelContext(data.features(), 5, params, 1);
        assertTrue(2 * context.intParam("embeddingDim") == context.intParam("gruUnits"), "the widths agree");
        Dien.Network network = new Dien.Network(context, new FeatureEmbeddings(data.features(), 32, 0));
        assertTrue(network.getChildren().keys().stream().anyMatch(k -> k.endsWith("query")), "DIEN's attention query must be projected: " + network.getChildren().keys());
    }
}
