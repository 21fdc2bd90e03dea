package org.hitlbm.tree.hts;

/**
 * @param expansions  children sampled per kept node (paper: 10)
 * @param beamWidth   nodes kept per layer (1 = the paper's greedy search)
 * @param alpha       S_final = alpha * S_c + (1 - alpha) * S_e (paper: 0.5)
 * @param historyK    previous interests the SRM sees (paper: 1)
 * @param temperature of Best-of-N sampling (authors' code: 0.9)
 */
public record SearchSettings(int expansions, int beamWidth, double alpha, int historyK, double temperature, int maxTokens,
                             long seed) {
}
