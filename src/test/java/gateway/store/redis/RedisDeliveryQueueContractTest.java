package gateway.store.redis;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import gateway.callback.DeliveryQueue;
import gateway.callback.DeliveryQueueContract;
import gateway.support.TestConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** The delivery queue contract against the Redis at {@code quarkus.redis.hosts}. */
@QuarkusTest
class RedisDeliveryQueueContractTest extends DeliveryQueueContract {

    @Inject
    RedisCommands commands;

    @Inject
    ReactiveRedisDataSource redis;

    private DeliveryQueue queue;

    @BeforeEach
    void newQueue() {
        queue = new RedisDeliveryQueue(commands, TestConfig.gateway(Map.of(
                "gateway.callbacks.max-pending-per-tenant", Integer.toString(MAX_PER_TENANT))));
    }

    @Override
    protected DeliveryQueue queue() {
        return queue;
    }

    @AfterEach
    void deleteTheTenantsKeys() {
        for (String tenantId : new String[] { tenant, otherTenant }) {
            for (String key : result(redis.key().keys("gw:{" + tenantId + "}:*"))) {
                result(redis.key().del(key));
            }
        }
    }
}
