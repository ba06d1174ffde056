package gateway.tenant;

import io.smallrye.mutiny.Uni;

/**
 * Per-tenant request rates: a token bucket of {@code burst} tokens refilled at {@code requests-per-second}.
 * Implementations decide atomically; one tenant's traffic never touches another tenant's bucket.
 */
public interface TenantRateLimiter {

    /** Reads (GET, list, SSE) get this many times the tenant's submission rate and burst. */
    int READ_ALLOWANCE = 10;

    /** Takes a token from the bucket for this kind of request and reports the tenant's submission bucket. */
    Uni<RateLimitState> acquire(Tenant tenant, RequestKind kind);
}
