package gateway.api;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import gateway.metrics.GatewayMetrics;
import gateway.tenant.RateLimitState;
import gateway.tenant.RequestKind;
import gateway.tenant.TenantRateLimiter;
import io.smallrye.mutiny.Uni;

/**
 * Applies the tenant's request rate right after authentication (before the body is looked at), and reports the
 * tenant's submission bucket on every {@code /v1} response as {@code RateLimit-Policy} and {@code RateLimit}.
 */
public class RateLimitFilter {

    private final TenantRateLimiter limiter;
    private final CurrentTenant currentTenant;
    private final TenantRoutes routes;
    private final GatewayMetrics metrics;

    RateLimitFilter(TenantRateLimiter limiter, CurrentTenant currentTenant, TenantRoutes routes,
            GatewayMetrics metrics) {
        this.limiter = limiter;
        this.currentTenant = currentTenant;
        this.routes = routes;
        this.metrics = metrics;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION + 5)
    public Uni<Void> limit(ContainerRequestContext request) {
        if (!currentTenant.isAuthenticated()) {
            return Uni.createFrom().voidItem();
        }
        RequestKind kind = routes.submitsJob(request) ? RequestKind.SUBMISSION : RequestKind.READ;
        return limiter.acquire(currentTenant.get(), kind).invoke(state -> {
            currentTenant.setRateLimit(state);
            if (!state.allowed()) {
                metrics.rateLimited(currentTenant.id(), "rate_limited");
                throw new RateLimitedException(state.retryAfter());
            }
        }).replaceWithVoid();
    }

    @ServerResponseFilter
    public void report(ContainerResponseContext response) {
        RateLimitState state = currentTenant.rateLimit();
        if (state == null) {
            return;
        }
        response.getHeaders().putSingle("RateLimit-Policy",
                "\"tenant\";q=" + state.burst() + ";w=" + ceilSeconds(state.window()));
        response.getHeaders().putSingle("RateLimit",
                "\"tenant\";r=" + state.remaining() + ";t=" + ceilSeconds(state.untilFull()));
    }

    private static long ceilSeconds(java.time.Duration duration) {
        return (duration.toNanos() + 999_999_999L) / 1_000_000_000L;
    }
}
