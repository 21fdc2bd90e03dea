package org.hitlbm.tree.cube;

/**
 * @param temperature     of the cascade (authors' code: 0.5)
 * @param itemTemperature of item knowledge (authors' code: 0)
 * @param maxTokens       generation limit per call
 * @param seed            base seed; each call's seed is derived from it, the user and the chunk
 * @param threads         users processed in parallel (the backend bounds its own concurrency too)
 */
public record CubeSettings(double temperature, double itemTemperature, int maxTokens, long seed, int threads) {
}
