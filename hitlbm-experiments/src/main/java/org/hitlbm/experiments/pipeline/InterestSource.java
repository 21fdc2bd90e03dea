package org.hitlbm.experiments.pipeline;

import java.util.List;

/**
 * Where the texts a fusion reads come from, one per chunk ({@code fusion.interests}): HiT-LBM's
 * tree path or a competitor's summaries. Implementations are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/org.hitlbm.experiments.pipeline.InterestSource}), one file each;
 * {@link InterestSources} looks them up by name.
 */
public interface InterestSource {
    /** The value of {@code fusion.interests} that selects it. */
    String name();

    /** How the vectors line names its texts: "HTS path interests of 30 users ...". */
    String label();

    /** Spec keys it reads beyond the data, LLM, tree and encoder sections (part of the vectors' cache key). */
    default List<String> settings() {
        return List.of();
    }

    /** One text per chunk of every user; S_final per chunk where the source has it. Asks {@code ctx} for any stage it builds on. */
    ChunkTexts texts(StageContext ctx);
}
