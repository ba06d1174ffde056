package gateway.tenant;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;

/** The same behaviour against a real Redis (quarkus.redis.hosts, REDIS_URL), shared by all replicas. */
@QuarkusTest
class RedisTenantLimitsContractTest extends TenantLimitsContract {

    @Inject
    RedisTenantRateLimiter limiter;

    @Inject
    RedisInFlightQuota quota;

    @Override
    TenantRateLimiter limiter() {
        return limiter;
    }

    @Override
    InFlightQuota quota() {
        return quota;
    }
}
