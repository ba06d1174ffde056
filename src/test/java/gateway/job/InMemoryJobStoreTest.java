package gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import gateway.support.MutableClock;
import gateway.support.TestConfig;

/** What only the memory store does; what every store does is in {@link JobStoreContract}. */
class InMemoryJobStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryJobStore store = new InMemoryJobStore(TestConfig.gateway(Map.of(
            "gateway.jobs.retention", "1h", "gateway.jobs.max-entries", "5")), clock);

    @Test
    void evictsTheOldestBeyondTheCap() {
        for (int i = 0; i < 7; i++) {
            store.insert(job("job-" + i, "acme", NOW.plusSeconds(i))).await().indefinitely();
        }

        assertThat(store.find("acme", "job-0").await().indefinitely()).isNull();
        assertThat(store.find("acme", "job-1").await().indefinitely()).isNull();
        assertThat(ids(store.list("acme", null, 10, null).await().indefinitely())).hasSize(5);
    }

    private static List<String> ids(JobPage page) {
        return page.items().stream().map(Job::id).toList();
    }

    private static Job job(String id, String tenant, Instant createdAt) {
        return Job.accepted(id, tenant, new UpscaleParameters("https://example.com/a.png", 2, null, null, null, null,
                null, null, null, null, "png"), null, "up-" + id, createdAt);
    }
}
