package org.hitlbm.tree.hts;

/**
 * One chunk's rating sample (SPEC Eq. 3-5): the AUCs of the three Yes/No prompts over S_t (drawn
 * from the next chunk) and the labels they give.
 *
 * @param historyIndex the user's position in the prepared histories
 * @param chunk        t (0-based); S_t comes from chunk t + 1
 * @param evalItems    |S_t|
 * @param continuity   D_cont, or -1 for the first chunk (no previous interest)
 * @param effectiveness D_eff
 */
public record RatingExample(int historyIndex, int user, int chunk, int evalItems, double aucSeq, double aucPoint,
                            double aucHist, int continuity, int effectiveness) {
}
