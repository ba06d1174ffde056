package gateway.api;

import jakarta.enterprise.context.RequestScoped;

import gateway.tenant.Tenant;

/** The tenant the current request authenticated as; set by {@link TenantAuthenticationFilter}. */
@RequestScoped
public class CurrentTenant {

    private Tenant tenant;

    void set(Tenant tenant) {
        this.tenant = tenant;
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
