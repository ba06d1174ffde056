package gateway.tenant;

import java.time.Duration;

/**
 * A tenant's submission bucket as a response reports it (contract.md, "Headers"): its size, how long it takes to
 * refill from empty, what is left, and how long until it is full again; plus whether this request was let through
 * and, if not, when to retry.
 */
public record RateLimitState(boolean allowed, int burst, Duration window, long remaining, Duration untilFull,
        Duration retryAfter) {
}
