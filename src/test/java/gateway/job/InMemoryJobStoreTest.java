package gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import gateway.support.TestConfig;

class InMemoryJobStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryJobStore store = new InMemoryJobStore(TestConfig.gateway(Map.of(
            "gateway.jobs.retention", "1h", "gateway.jobs.max-entries", "5")), clock);

    @Test
    void hidesAnotherTenantsJob() {
        store.insert(job("a", "acme", NOW)).await().indefinitely();

        assertThat(store.find("acme", "a").await().indefinitely()).isNotNull();
        assertThat(store.find("globex", "a").await().indefinitely()).isNull();
        assertThat(store.update("globex", "a", job -> job.advance(JobUpdate.failed("x", "y"), NOW))
                .await().indefinitely()).isNull();
        assertThat(store.find("acme", "a").await().indefinitely().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void listsNewestFirstAcrossPages() {
        for (int i = 0; i < 5; i++) {
            store.insert(job("job-" + i, "acme", NOW.plusSeconds(i))).await().indefinitely();
        }

        JobPage first = store.list("acme", null, 2, null).await().indefinitely();
        JobPage second = store.list("acme", null, 2, first.next()).await().indefinitely();
        JobPage last = store.list("acme", null, 2, second.next()).await().indefinitely();

        assertThat(ids(first)).containsExactly("job-4", "job-3");
        assertThat(ids(second)).containsExactly("job-2", "job-1");
        assertThat(ids(last)).containsExactly("job-0");
        assertThat(last.next()).isNull();
    }

    @Test
    void filtersByStatus() {
        store.insert(job("q", "acme", NOW)).await().indefinitely();
        store.insert(job("f", "acme", NOW.plusSeconds(1)).advance(JobUpdate.failed("x", "y"), NOW))
                .await().indefinitely();

        assertThat(ids(store.list("acme", JobStatus.FAILED, 10, null).await().indefinitely())).containsExactly("f");
    }

    @Test
    void evictsTheOldestBeyondTheCap() {
        for (int i = 0; i < 7; i++) {
            store.insert(job("job-" + i, "acme", NOW.plusSeconds(i))).await().indefinitely();
        }

        assertThat(store.find("acme", "job-0").await().indefinitely()).isNull();
        assertThat(store.find("acme", "job-1").await().indefinitely()).isNull();
        assertThat(ids(store.list("acme", null, 10, null).await().indefinitely())).hasSize(5);
    }

    @Test
    void forgetsJobsOlderThanTheRetention() {
        store.insert(job("old", "acme", NOW)).await().indefinitely();
        clock.advance(Duration.ofMinutes(61));

        assertThat(store.find("acme", "old").await().indefinitely()).isNull();
        store.insert(job("new", "acme", clock.instant())).await().indefinitely();
        assertThat(ids(store.list("acme", null, 10, null).await().indefinitely())).containsExactly("new");
    }

    private static List<String> ids(JobPage page) {
        return page.items().stream().map(Job::id).toList();
    }

    private static Job job(String id, String tenant, Instant createdAt) {
        return Job.accepted(id, tenant, new UpscaleParameters("https://example.com/a.png", 2, null, null, null, null,
                null, null, null, null, "png"), null, "up-" + id, createdAt);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
