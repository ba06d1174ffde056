package gateway.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import gateway.job.JobStore;
import gateway.job.JobStoreContract;
import gateway.support.TestConfig;

class InMemoryJobStoreContractTest extends JobStoreContract {

    private JobStore store;

    @BeforeEach
    void newStore() {
        store = storeWith(Duration.ofHours(1), Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
    }

    @Override
    protected JobStore store() {
        return store;
    }

    @Override
    protected JobStore storeWith(Duration retention, Clock clock) {
        return new InMemoryJobStore(TestConfig.gateway(Map.of(
                "gateway.jobs.retention", retention.toString())), clock,
                new MemoryBudget(64 << 20, 1000, Duration.ofSeconds(5)));
    }
}
