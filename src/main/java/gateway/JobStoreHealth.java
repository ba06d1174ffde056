package gateway;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import gateway.config.GatewayConfig;
import gateway.store.redis.RedisCommands;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * This pod can serve only while its store is reachable: the memory store always is; with Redis, a PING must come
 * back within {@code gateway.redis.command-timeout}, like every other command. (Apiframe's state is deliberately not part of readiness: see the upstream check.)
 */
@Readiness
@ApplicationScoped
class JobStoreHealth implements AsyncHealthCheck {

    private final GatewayConfig.StoreKind store;
    private final Instance<RedisCommands> redis;

    JobStoreHealth(GatewayConfig config, Instance<RedisCommands> redis) {
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
                .map(pong -> HealthCheckResponse.named("job-store").up().withData("store", name).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("job-store").down()
                        .withData("store", name).withData("error", failure.getClass().getSimpleName()).build());
    }
}
