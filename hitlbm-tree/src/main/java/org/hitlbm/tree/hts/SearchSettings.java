package org.hitlbm.tree.hts;

import java.util.Locale;

/**
 * @param expansions  children sampled per kept node (paper: 10)
 * @param beamWidth   nodes kept per layer (1 = the paper's greedy search)
 * @param alpha       S_final = alpha * S_c + (1 - alpha) * S_e (paper: 0.5)
 * @param historyK    previous interests the SRM sees (paper: 1)
 * @param temperature of Best-of-N sampling (authors' code: 0.9)
 * @param firstLayer  what stands for S_c in the first layer, which has no previous interest
 */
public record SearchSettings(int expansions, int beamWidth, double alpha, int historyK, double temperature, int maxTokens,
                             long seed, FirstLayer firstLayer) {

    /**
     * S_c of a first-layer node. The paper leaves it undefined; S_e alone would put layer 1's
     * S_final on another scale than the later layers' alpha*S_c + (1-alpha)*S_e, and TIF multiplies
     * every chunk vector by its S_final.
     */
    public enum FirstLayer {
        /** The SRM's mean score over its own training rows: what it says with nothing to compare (default). */
        PRIOR,
        /** 1: full continuity, nothing came before. */
        ONE,
        /** S_c := S_e, so S_final = S_e (the behaviour before the scales were aligned). */
        EFFECTIVENESS;

        public static FirstLayer parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    public SearchSettings(int expansions, int beamWidth, double alpha, int historyK, double temperature, int maxTokens, long seed) {
        this(expansions, beamWidth, alpha, historyK, temperature, maxTokens, seed, FirstLayer.PRIOR);
    }
}
