package gateway.job;

import java.time.Duration;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import gateway.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * This pod can serve only while its store is reachable: the memory store always is; with Redis, a PING must come
 * back within a second. (Apiframe's state is deliberately not part of readiness: see the upstream check.)
 */
@Readiness
@ApplicationScoped
class JobStoreHealth implements AsyncHealthCheck {

    private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    private final GatewayConfig.StoreKind store;
    private final Instance<ReactiveRedisDataSource> redis;

    JobStoreHealth(GatewayConfig config, Instance<ReactiveRedisDataSource> redis) {
        this.store = config.store();
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        String name = store.name().toLowerCase(Locale.ROOT);
        if (store != GatewayConfig.StoreKind.REDIS) {
            return Uni.createFrom().item(HealthCheckResponse.named("job-store").up().withData("store", name).build());
        }
        return redis.get().execute("PING")
                .ifNoItem().after(PING_TIMEOUT).fail()
                .map(pong -> HealthCheckResponse.named("job-store").up().withData("store", name).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("job-store").down()
                        .withData("store", name).withData("error", failure.getClass().getSimpleName()).build());
    }
}
