package gateway.api;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import gateway.tenant.TenantRegistry;

/**
 * Authenticates every {@code /v1} request by its bearer key before anything else happens (so a 401 precedes
 * 404/405/415). The key itself is hashed and dropped; only the resulting tenant travels on.
 */
public class TenantAuthenticationFilter {

    private static final String BEARER = "bearer ";

    private final TenantRegistry tenants;
    private final CurrentTenant currentTenant;

    TenantAuthenticationFilter(TenantRegistry tenants, CurrentTenant currentTenant) {
        this.tenants = tenants;
        this.currentTenant = currentTenant;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public void authenticate(ContainerRequestContext request) {
        if (!isTenantPath(request.getUriInfo().getPath())) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthenticatedException();
        }
        String key = authorization.substring(BEARER.length()).strip();
        currentTenant.set(tenants.authenticate(key).orElseThrow(UnauthenticatedException::new));
    }

    static boolean isTenantPath(String path) {
        return path.equals("/v1") || path.startsWith("/v1/");
    }
}
