package org.hitlbm.tree.hts;

/**
 * One node of the interest tree: a sampled interest for a chunk and its ratings (SPEC Eq. 7-9).
 *
 * @param parent       index of the parent candidate in the previous layer (-1 in the first layer)
 * @param sample       which Best-of-N sample this is (its seed is derived from it)
 * @param text         the interest text
 * @param continuity   S_c from the SRM; in the first layer, which has no previous interest, what
 *                     {@link SearchSettings.FirstLayer} puts in its place (by default the SRM's prior)
 * @param effectiveness S_e from the PRM
 * @param score        S_final = alpha * S_c + (1 - alpha) * S_e, in every layer
 * @param chosen       on the path the search kept
 */
public record Candidate(int parent, int sample, String text, double continuity, double effectiveness, double score,
                        boolean chosen) {
}
