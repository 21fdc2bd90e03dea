package org.hitlbm.experiments.pipeline.sources;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.experiments.pipeline.ChunkTexts;
import org.hitlbm.experiments.pipeline.InterestSource;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.StageContext;
import org.hitlbm.tree.cube.CubeCascade;

/**
 * {@code fusion.interests: recent}, KAR's preference from a partial recent sequence: per chunk, the
 * last {@code fusion.recentWindow} behaviors up to its end summarised on their own, so a sample
 * that sees chunks 1..c reads the summary written at the end of chunk c and nothing later.
 */
public final class RecentWindowSource implements InterestSource {
    @Override
    public String name() {
        return "recent";
    }

    @Override
    public String label() {
        return "recent-window";
    }

    @Override
    public List<String> settings() {
        return List.of("fusion.recentWindow");
    }

    @Override
    public ChunkTexts texts(StageContext ctx) {
        CubeCascade cube = ctx.session().cascade();
        int window = ctx.config().integer("fusion.recentWindow");
        Map<Integer, List<String>> texts = new HashMap<>();
        texts.putAll(cube.forAllUsers(ctx.output(Pipeline.PREPARE), Integer.MAX_VALUE, (h, c) -> cube.recentInterests(h, c, window),
                n -> { }));
        return new ChunkTexts(texts, new HashMap<>());
    }
}
