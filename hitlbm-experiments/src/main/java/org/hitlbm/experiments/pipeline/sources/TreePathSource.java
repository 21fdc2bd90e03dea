package org.hitlbm.experiments.pipeline.sources;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.experiments.pipeline.ChunkTexts;
import org.hitlbm.experiments.pipeline.InterestSource;
import org.hitlbm.experiments.pipeline.Pipeline;
import org.hitlbm.experiments.pipeline.StageContext;
import org.hitlbm.tree.hts.InterestTree;

/** {@code fusion.interests: hts}, HiT-LBM (SPEC Eq. 10-11): each tree's chosen path, weighted by S_final. */
public final class TreePathSource implements InterestSource {
    @Override
    public String name() {
        return "hts";
    }

    @Override
    public String label() {
        return "HTS path";
    }

    @Override
    public ChunkTexts texts(StageContext ctx) {
        Map<Integer, List<String>> texts = new HashMap<>();
        Map<Integer, double[]> scores = new HashMap<>();
        for (InterestTree tree : ctx.output(Pipeline.TREE).trees()) {
            texts.put(tree.user(), tree.chosenInterests());
            scores.put(tree.user(), tree.chosenScores());
        }
        return new ChunkTexts(texts, scores);
    }
}
