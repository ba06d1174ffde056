package gateway.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import gateway.metrics.GatewayMetrics;

/**
 * Counts every authenticated submission once, by its outcome as its answer tells it: the code of the problem it
 * was refused with, else replayed or accepted. Refusals before routing count too (rate limit, draining, body
 * checks), so this is a global filter asking {@link TenantRoutes} rather than one bound to the endpoints.
 */
public class SubmissionMetricsFilter {

    private final CurrentTenant currentTenant;
    private final TenantRoutes routes;
    private final GatewayMetrics metrics;

    SubmissionMetricsFilter(CurrentTenant currentTenant, TenantRoutes routes, GatewayMetrics metrics) {
        this.currentTenant = currentTenant;
        this.routes = routes;
        this.metrics = metrics;
    }

    @ServerResponseFilter
    public void count(ContainerRequestContext request, ContainerResponseContext response) {
        if (currentTenant.isAuthenticated() && routes.submitsJob(request)) {
            metrics.submission(currentTenant.id(), outcome(response));
        }
    }

    private static String outcome(ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem) {
            return problem.code();
        }
        return response.getHeaders().containsKey("Idempotent-Replayed") ? "replayed" : "accepted";
    }
}
