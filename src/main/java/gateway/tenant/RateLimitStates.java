package gateway.tenant;

import java.time.Duration;

/** Builds the {@link RateLimitState} a limiter reports, the same way for every implementation. */
public final class RateLimitStates {

    private RateLimitStates() {
    }

    public static RateLimitState of(boolean allowed, TenantLimits limits, long remaining, Duration waitForToken) {
        Duration window = Duration.ofNanos((long) (limits.burst() / limits.requestsPerSecond() * 1e9));
        Duration untilFull = Duration.ofNanos((long) ((limits.burst() - remaining) / limits.requestsPerSecond() * 1e9));
        return new RateLimitState(allowed, limits.burst(), window, Math.max(0, remaining), untilFull,
                allowed ? Duration.ZERO : waitForToken);
    }
}
