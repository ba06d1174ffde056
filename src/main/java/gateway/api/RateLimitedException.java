package gateway.api;

import java.time.Duration;

/** 429 {@code rate_limited}: the tenant's bucket for this kind of request is empty. */
public class RateLimitedException extends ProblemException {

    private final Duration retryAfter;

    public RateLimitedException(Duration retryAfter) {
        super(429, "rate_limited", "Too many requests", "The tenant's request rate is over its limit");
        this.retryAfter = retryAfter;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }
}
