package org.hitlbm.experiments.pipeline.sources;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.experiments.pipeline.ChunkTexts;
import org.hitlbm.experiments.pipeline.InterestSource;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.StageContext;
import org.hitlbm.tree.cube.CubeCascade;

/** {@code fusion.interests: segments}, LIBER's partition: each chunk summarised on its own, with no previous summary. */
public final class SegmentSource implements InterestSource {
    @Override
    public String name() {
        return "segments";
    }

    @Override
    public String label() {
        return "per-segment";
    }

    @Override
    public ChunkTexts texts(StageContext ctx) {
        CubeCascade cube = ctx.session().cascade();
        Map<Integer, List<String>> texts = new HashMap<>();
        texts.putAll(cube.forAllUsers(ctx.output(Pipeline.PREPARE), Integer.MAX_VALUE, cube::segmentInterests, n -> { }));
        return new ChunkTexts(texts, new HashMap<>());
    }
}
