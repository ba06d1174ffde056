package gateway.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import gateway.config.GatewayConfig;
import gateway.job.IdempotencyStore;
import gateway.job.IdempotencyStoreContract;
import gateway.support.TestConfig;

class InMemoryIdempotencyStoreContractTest extends IdempotencyStoreContract {

    private IdempotencyStore store;

    @BeforeEach
    void newStore() {
        GatewayConfig config = TestConfig.gateway(Map.of());
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
        MemoryBudget budget = new MemoryBudget(64 << 20, 1000, Duration.ofSeconds(5));
        store = new InMemoryIdempotencyStore(config, clock, budget, new InMemoryJobStore(config, clock, budget));
    }

    @Override
    protected IdempotencyStore store() {
        return store;
    }
}
