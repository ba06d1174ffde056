package gateway.api;

import jakarta.enterprise.context.RequestScoped;

import gateway.tenant.RateLimitState;
import gateway.tenant.Tenant;

/**
 * The tenant the current request authenticated as (set by {@link TenantAuthenticationFilter}), and its rate-limit
 * state as this request found it (set and reported by {@link RateLimitFilter}).
 */
@RequestScoped
public class CurrentTenant {

    private Tenant tenant;
    private RateLimitState rateLimit;

    void set(Tenant tenant) {
        this.tenant = tenant;
    }

    boolean isAuthenticated() {
        return tenant != null;
    }

    /** The tenant's submission bucket as this request found it, for the RateLimit response headers. */
    RateLimitState rateLimit() {
        return rateLimit;
    }

    void setRateLimit(RateLimitState rateLimit) {
        this.rateLimit = rateLimit;
    }

    /** The authenticated tenant; only called on paths the filter guards, where it is always set. */
    public Tenant get() {
        if (tenant == null) {
            throw new UnauthenticatedException();
        }
        return tenant;
    }

    /** The tenant id for log lines, or "-" outside an authenticated request. */
    public String id() {
        return tenant == null ? "-" : tenant.id();
    }
}
