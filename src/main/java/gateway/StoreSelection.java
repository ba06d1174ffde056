package gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import gateway.callback.DeliveryQueue;
import gateway.config.GatewayConfig;
import gateway.job.IdempotencyStore;
import gateway.job.JobAnnouncer;
import gateway.job.JobStore;
import gateway.job.PollLeases;
import gateway.job.StoreRoom;
import gateway.metrics.GatewayMetrics;
import gateway.store.memory.InMemoryDeliveryQueue;
import gateway.store.memory.InMemoryIdempotencyStore;
import gateway.store.memory.InMemoryInFlightQuota;
import gateway.store.memory.InMemoryJobStore;
import gateway.store.memory.InMemoryTenantRateLimiter;
import gateway.store.memory.LocalJobAnnouncer;
import gateway.store.memory.LocalPollLeases;
import gateway.store.memory.MemoryBudget;
import gateway.store.redis.RedisDeliveryQueue;
import gateway.store.redis.RedisIdempotencyStore;
import gateway.store.redis.RedisInFlightQuota;
import gateway.store.redis.RedisJobAnnouncer;
import gateway.store.redis.RedisJobStore;
import gateway.store.redis.RedisPollLeases;
import gateway.store.redis.RedisTenantRateLimiter;
import gateway.tenant.InFlightQuota;
import gateway.tenant.TenantRateLimiter;
import gateway.tenant.TenantRegistry;
import io.quarkus.runtime.Startup;

/**
 * Chooses where shared state lives, by {@code gateway.store}: this process's memory (one replica) or Redis (any
 * number of replicas acting as one gateway). Only the chosen implementations are ever created.
 */
@ApplicationScoped
public class StoreSelection {

    @Produces
    @ApplicationScoped
    JobStore jobStore(GatewayConfig config, Instance<InMemoryJobStore> memory, Instance<RedisJobStore> redis) {
        return config.store() == GatewayConfig.StoreKind.REDIS ? redis.get() : memory.get();
    }

    @Produces
    @ApplicationScoped
    IdempotencyStore idempotencyStore(GatewayConfig config, Instance<InMemoryIdempotencyStore> memory,
            Instance<RedisIdempotencyStore> redis) {
        return config.store() == GatewayConfig.StoreKind.REDIS ? redis.get() : memory.get();
    }

    @Produces
    @Startup // its gauges exist from the start
    @ApplicationScoped
    StoreRoom storeRoom(GatewayConfig config, Instance<MemoryBudget> memory) {
        return config.store() == GatewayConfig.StoreKind.REDIS ? StoreRoom.UNBOUNDED : memory.get();
    }

    @Produces
    @ApplicationScoped
    TenantRateLimiter rateLimiter(GatewayConfig config, Instance<InMemoryTenantRateLimiter> memory,
            Instance<RedisTenantRateLimiter> redis) {
        return config.store() == GatewayConfig.StoreKind.REDIS ? redis.get() : memory.get();
    }

    @Produces
    @Startup // its gauges exist from the start, not from the first submission
    @ApplicationScoped
    InFlightQuota inFlightQuota(GatewayConfig config, Instance<InMemoryInFlightQuota> memory,
            Instance<RedisInFlightQuota> redis, TenantRegistry tenants, GatewayMetrics metrics) {
        InFlightQuota quota = config.store() == GatewayConfig.StoreKind.REDIS ? redis.get() : memory.get();
        tenants.all().forEach(tenant -> metrics.inFlightGauge(tenant.id(), () -> quota.inFlight(tenant.id())));
        return quota;
    }

    @Produces
    @Startup // with Redis, its subscription must be up before the first stream needs it
    @ApplicationScoped
    JobAnnouncer jobAnnouncer(GatewayConfig config, Instance<LocalJobAnnouncer> local,
            Instance<RedisJobAnnouncer> redis) {
        return config.store() == GatewayConfig.StoreKind.REDIS ? redis.get() : local.get();
    }

    @Produces
    @ApplicationScoped
    PollLeases pollLeases(GatewayConfig config, Instance<LocalPollLeases> local, Instance<RedisPollLeases> redis) {
        return config.store() == GatewayConfig.StoreKind.REDIS ? redis.get() : local.get();
    }

    @Produces
    @ApplicationScoped
    DeliveryQueue deliveryQueue(GatewayConfig config, Instance<InMemoryDeliveryQueue> memory,
            Instance<RedisDeliveryQueue> redis) {
        return config.store() == GatewayConfig.StoreKind.REDIS ? redis.get() : memory.get();
    }
}
