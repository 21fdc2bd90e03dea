package org.hitlbm.data;

/**
 * The version of each stage's output. Bump a stage's number whenever the same settings would make
 * it produce something else (a fixed defect, a changed prompt rendering, a new default): every
 * cache key and run identity that depends on the stage carries its number, so a result of older
 * code is never read back, skipped over or copied as if it were current.
 */
public final class PipelineVersions {
    /** Preprocessing, splits, chunks, CTR samples. 2: duplicate rating rows dropped, off-scale ratings and negative times refused. */
    public static final int DATA = 2;
    /**
     * What the LLM is asked and how answers are read. 2: the paper's Fig. 2/3 prompts; the offline stand-in reads them.
     * 3: a cached Yes answer without a recorded Yes/No mass reads as unknown mass, not 0 (which the output guard dropped).
     */
    public static final int INTERESTS = 3;
    /** Rating data, SRM/PRM, the search. 2: cross-fitting by user, own seed stream for rated candidates, first-layer S_c. */
    public static final int TREES = 2;
    /**
     * Backbones, fusions, trainer. 2: Dice momentum and masked statistics, DIEN's projected query, e_user/e_item as two
     * fields. 3: DIN's activation unit and Dice computed in fewer ops (the same functions, other float rounding).
     * 4: Dice attention units run only the real behaviors, GRUs step through one split, one lookup per table for the
     * target and the recent behaviors (the same functions, other float rounding). 5: the CIN's fields copied to
     * contiguous memory once (the same function, possibly other float rounding).
     */
    public static final int TRAINING = 5;

    private PipelineVersions() {
    }

    /**
     * The versions a run's result depends on, e.g. {@code data1.train2} for a backbone alone or
     * {@code data1.interests2.trees2.train2} for one that fuses the tree's path.
     */
    public static String of(boolean readsInterests, boolean readsTrees) {
        StringBuilder sb = new StringBuilder("data").append(DATA);
        if (readsInterests) {
            sb.append(".interests").append(INTERESTS);
        }
        if (readsTrees) {
            sb.append(".trees").append(TREES);
        }
        return sb.append(".train").append(TRAINING).toString();
    }
}
