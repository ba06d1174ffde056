package gateway.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import gateway.metrics.GatewayMetrics;

/** Counts every authenticated submission once, by its outcome: accepted, replayed, or its problem code. */
public class SubmissionMetricsFilter {

    private final CurrentTenant currentTenant;
    private final GatewayMetrics metrics;

    SubmissionMetricsFilter(CurrentTenant currentTenant, GatewayMetrics metrics) {
        this.currentTenant = currentTenant;
        this.metrics = metrics;
    }

    @ServerResponseFilter
    public void count(ContainerRequestContext request, ContainerResponseContext response) {
        if (!currentTenant.isAuthenticated() || !RateLimitFilter.isSubmission(request)) {
            return;
        }
        String outcome = currentTenant.outcome();
        if (outcome == null) {
            outcome = response.getHeaders().containsKey("Idempotent-Replayed") ? "replayed" : "accepted";
        }
        metrics.submission(currentTenant.id(), outcome);
    }
}
