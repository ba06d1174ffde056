package gateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import gateway.tenant.InFlightQuota;
import gateway.tenant.Tenant;
import gateway.tenant.TenantLimitsContract;
import gateway.tenant.TenantRateLimiter;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** The same behaviour against a real Redis (the tests' {@link gateway.support.SharedRedis}), shared by all replicas. */
@QuarkusTest
class RedisTenantLimitsContractTest extends TenantLimitsContract {

    @Inject
    RedisTenantRateLimiter limiter;

    @Inject
    RedisInFlightQuota quota;

    @Inject
    RedisDataSource redis;

    @Override
    protected TenantRateLimiter limiter() {
        return limiter;
    }

    @Override
    protected InFlightQuota quota() {
        return quota;
    }

    @Test
    void aSlotWhoseReplicaDiedBeforeReleasingItLapsesByItself() {
        Tenant tenant = tenant(100, 100, 2);
        long now = redis.execute("TIME").get(0).toLong() * 1000;
        // what dead replicas leave behind: one slot past its lifetime, one still within it
        redis.sortedSet(String.class).zadd(RedisKeys.inFlight(tenant.id()), now - 1, "lapsed-job");
        redis.sortedSet(String.class).zadd(RedisKeys.inFlight(tenant.id()), now + 60_000, "live-job");

        assertThat(reserve(tenant, "new-job")).isTrue();
        assertThat(reserve(tenant, "another-job")).isFalse();
        assertThat(quota.inFlight(tenant.id())).isEqualTo(2);
    }
}
