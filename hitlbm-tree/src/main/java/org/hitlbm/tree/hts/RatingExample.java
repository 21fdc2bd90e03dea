package org.hitlbm.tree.hts;

/**
 * One rated interest of one chunk (SPEC Eq. 3-5): the AUCs of the three Yes/No prompts over S_t
 * (drawn from the next chunk) and the labels they give.
 *
 * @param historyIndex the user's position in the prepared histories
 * @param chunk        t (0-based); S_t comes from chunk t + 1
 * @param sample       -1 for the cascade interest Inst_t (the paper's rating data), else the
 *                     Best-of-N candidate number, generated as the search generates layer t's children
 * @param interest     the rated interest text
 * @param evalItems    |S_t|
 * @param continuity   D_cont, or -1 for the first chunk (no previous interest)
 * @param effectiveness D_eff
 */
public record RatingExample(int historyIndex, int user, int chunk, int sample, String interest, int evalItems, double aucSeq,
                            double aucPoint, double aucHist, int continuity, int effectiveness) {
}
