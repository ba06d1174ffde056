package gateway.job;

import java.time.Duration;

/** The memory store is full of jobs still in flight, which it never evicts: a new submission must wait. */
public class StoreFullException extends RuntimeException {

    private final Duration retryAfter;

    public StoreFullException(Duration retryAfter) {
        super("The gateway's memory store is full of jobs in flight", null, false, false);
        this.retryAfter = retryAfter;
    }

    /** About when room comes back: a job's end is noticed at its next poll, and then it may be evicted. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
