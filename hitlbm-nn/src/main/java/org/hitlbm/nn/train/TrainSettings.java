package org.hitlbm.nn.train;

/**
 * How to train, shared by every backbone.
 *
 * @param epochs       upper bound on epochs
 * @param batchSize    samples per gradient step (models that cannot batch ignore it)
 * @param learningRate initial learning rate
 * @param patience     epochs without a better validation AUC before stopping
 * @param l2           L2 penalty on embeddings (0 = off)
 * @param seed         seeds shuffling and initialisation
 * @param threads      PyTorch intra-op threads while training, or {@link ComputeThreads#AUTO}
 */
public record TrainSettings(int epochs, int batchSize, double learningRate, int patience, double l2, long seed, int threads) {
    /** Threads chosen automatically. */
    public TrainSettings(int epochs, int batchSize, double learningRate, int patience, double l2, long seed) {
        this(epochs, batchSize, learningRate, patience, l2, seed, ComputeThreads.AUTO);
    }
}
