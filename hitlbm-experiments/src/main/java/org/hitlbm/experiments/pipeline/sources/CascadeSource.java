package org.hitlbm.experiments.pipeline.sources;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.experiments.pipeline.ChunkTexts;
import org.hitlbm.experiments.pipeline.InterestSource;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.StageContext;

/**
 * {@code fusion.interests: cube}: the CUBE cascade itself, weight 1 per chunk; TRSR's progressive
 * summaries (each written from the chunk and the summary before it), and the "CUBE only" ablation.
 */
public final class CascadeSource implements InterestSource {
    @Override
    public String name() {
        return "cube";
    }

    @Override
    public String label() {
        return "CUBE cascade";
    }

    @Override
    public ChunkTexts texts(StageContext ctx) {
        Map<Integer, List<String>> texts = new HashMap<>();
        texts.putAll(ctx.output(Pipeline.INTERESTS).texts());
        return new ChunkTexts(texts, new HashMap<>());
    }
}
