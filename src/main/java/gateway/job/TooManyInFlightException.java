package gateway.job;

import java.time.Duration;

/** The tenant already has {@code max-in-flight} jobs that are not terminal. */
public class TooManyInFlightException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyInFlightException(Duration retryAfter) {
        super("The tenant has as many jobs in flight as it may", null, false, false);
        this.retryAfter = retryAfter;
    }

    /** About when a slot may free up: a job's end is noticed at its next poll. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
