package org.hitlbm.nn.train;

/**
 * Where an epoch's wall time went, in seconds: building the batches' input arrays on the Java
 * side, the forward pass (loss included), backpropagation, the optimizer step, and validation;
 * and the intra-op threads the epoch trained with. PyTorch runs CPU ops synchronously, so each
 * phase's clock covers its native work too.
 */
public record StepTimes(double assemble, double forward, double backward, double step, double validation, int threads) {
    /** For reports made without timing. */
    public static final StepTimes NONE = new StepTimes(0, 0, 0, 0, 0, 0);

    /** Everything but validation: the training part of the epoch. */
    public double training() {
        return assemble + forward + backward + step;
    }
}
