package org.hitlbm.experiments.tracking;

/** The tracking server could not be reached or refused a request; local results are unaffected. */
public class TrackingUnavailableException extends RuntimeException {
    public TrackingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
