package org.hitlbm.tree.llm.openai;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.hitlbm.tree.llm.LlmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs requests with at most {@code maxConcurrency} in flight across all calling threads, and
 * retries the transient failures with exponential backoff. A permit is held for one attempt
 * only, so a caller sleeping before its retry does not block the others.
 */
final class BoundedRetrier {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedRetrier.class);

    private final Semaphore inFlight;
    private final int maxRetries;
    private final Backoff backoff;
    private final String target;

    /** @param target names the server and model in every error message */
    BoundedRetrier(int maxConcurrency, int maxRetries, Backoff backoff, String target) {
        this.inFlight = new Semaphore(maxConcurrency, true);
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.target = target;
    }

    /** @throws LlmException once a failure is not transient, or after maxRetries + 1 attempts */
    <T> T call(Supplier<T> request) {
        int maxAttempts = maxRetries + 1;
        for (int attempt = 1; ; attempt++) {
            AttemptFailure failure;
            try {
                return attemptWithPermit(request);
            } catch (LlmException e) {
                throw e;
            } catch (RuntimeException e) {
                failure = AttemptFailure.of(e);
                if (!failure.retryable()) {
                    throw new LlmException(target + ": " + failure.description() + " on attempt " + attempt
                            + " (not retried)", e);
                }
                if (attempt == maxAttempts) {
                    throw new LlmException(target + ": " + failure.description() + " after " + attempt
                            + (attempt == 1 ? " attempt" : " attempts"), e);
                }
            }
            LOG.warn("{}: {} on attempt {} of {}; retrying", target, failure.description(), attempt, maxAttempts);
            sleep(backoff.beforeRetry(attempt).toMillis());
        }
    }

    private <T> T attemptWithPermit(Supplier<T> request) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(target + ": interrupted while waiting for a free request slot", e);
        }
        try {
            return request.get();
        } finally {
            inFlight.release();
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(target + ": interrupted while waiting to retry", e);
        }
    }
}
