package gateway.job;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import gateway.GatewayConfig;

/** This pod can serve only while its job store is reachable; the memory store always is. */
@Readiness
@ApplicationScoped
class JobStoreHealth implements HealthCheck {

    private final GatewayConfig.StoreKind store;

    JobStoreHealth(GatewayConfig config) {
        this.store = config.store();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("job-store").up().withData("store", store.name().toLowerCase(java.util.Locale.ROOT))
                .build();
    }
}
