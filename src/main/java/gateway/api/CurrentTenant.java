package gateway.api;

import jakarta.enterprise.context.RequestScoped;

import gateway.tenant.RateLimitState;
import gateway.tenant.Tenant;

/**
 * The tenant the current request authenticated as (set by {@link TenantAuthenticationFilter}), and what the request
 * learned about it on the way: its rate-limit state and, if it failed, its problem code.
 */
@RequestScoped
public class CurrentTenant {

    private Tenant tenant;
    private RateLimitState rateLimit;
    private String outcome;

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

    /** The problem code this request was answered with, or null when it succeeded. */
    String outcome() {
        return outcome;
    }

    void setOutcome(String outcome) {
        this.outcome = outcome;
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
