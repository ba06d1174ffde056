package gateway.job;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import gateway.support.TestConfig;

class InMemoryIdempotencyStoreContractTest extends IdempotencyStoreContract {

    private IdempotencyStore store;

    @BeforeEach
    void newStore() {
        store = new InMemoryIdempotencyStore(TestConfig.gateway(Map.of()),
                Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
    }

    @Override
    protected IdempotencyStore store() {
        return store;
    }
}
