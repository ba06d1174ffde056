package gateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import gateway.job.IdempotencyStore;
import gateway.job.IdempotencyStoreContract;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** The idempotency contract against the Redis at {@code quarkus.redis.hosts}, plus its keys and TTLs. */
@QuarkusTest
class RedisIdempotencyStoreContractTest extends IdempotencyStoreContract {

    private static final long DAY = Duration.ofHours(24).toMillis();

    @Inject
    RedisIdempotencyStore store;

    @Inject
    ReactiveRedisDataSource redis;

    @Override
    protected IdempotencyStore store() {
        return store;
    }

    @AfterEach
    void deleteTheTenantsKeys() {
        for (String tenantId : new String[] { tenant, otherTenant }) {
            for (String key : await(redis.key().keys("gw:{" + tenantId + "}:*"))) {
                await(redis.key().del(key));
            }
        }
    }

    @Test
    void keepsAClaimInProgressForTwiceTheSubmitDeadlineInAKeyNamedByTheClientKeysHash() {
        await(store.claim(tenant, "order-17/{retry}", "digest-a"));

        // SHA-256, base64url without padding: 43 characters whatever the client sent
        assertThat(await(redis.key().keys("gw:{" + tenant + "}:*")))
                .singleElement().asString().matches("gw:\\{" + tenant + "\\}:idem:[A-Za-z0-9_-]{43}");
        String key = RedisKeys.idempotency(tenant, "order-17/{retry}");
        // %test submit-deadline is 3 s: a replica dying mid-submission holds the key for 6 s, not a day
        assertThat(await(redis.key().pttl(key))).isBetween(5_000L, 6_000L);
    }

    @Test
    void keepsACompletedClaimForADayFromTheClaim() {
        await(store.claim(tenant, "key-1", "digest-a"));
        String key = RedisKeys.idempotency(tenant, "key-1");

        await(store.complete(tenant, "key-1", "job-1"));

        assertThat(await(redis.key().pttl(key))).isBetween(DAY - 10_000, DAY);
    }
}
