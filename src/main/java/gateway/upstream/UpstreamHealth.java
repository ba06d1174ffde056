package gateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows Apiframe's circuit breaker in the readiness details, but always as UP: an Apiframe outage must never take
 * every pod out of the Service, since reads and streams of known jobs keep working without Apiframe.
 */
@Readiness
@ApplicationScoped
class UpstreamHealth implements HealthCheck {

    private final UpstreamGuard guard;

    UpstreamHealth(UpstreamGuard guard) {
        this.guard = guard;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("apiframe").up()
                .withData("circuitBreaker", guard.state().name().toLowerCase(java.util.Locale.ROOT))
                .build();
    }
}
