package gateway.store.memory;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import gateway.callback.DeliveryQueue;
import gateway.callback.DeliveryQueueContract;
import gateway.support.TestConfig;

class InMemoryDeliveryQueueContractTest extends DeliveryQueueContract {

    private DeliveryQueue queue;

    @BeforeEach
    void newQueue() {
        queue = new InMemoryDeliveryQueue(Clock.systemUTC(), TestConfig.gateway(Map.of(
                "gateway.callbacks.max-pending-per-tenant", Integer.toString(MAX_PER_TENANT))));
    }

    @Override
    protected DeliveryQueue queue() {
        return queue;
    }
}
