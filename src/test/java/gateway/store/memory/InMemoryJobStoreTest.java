package gateway.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import gateway.config.GatewayConfig;
import gateway.job.Job;
import gateway.job.JobStatus;
import gateway.job.JobUpdate;
import gateway.job.StoreFullException;
import gateway.job.StoreRoom;
import gateway.job.UpscaleParameters;
import gateway.support.MutableClock;
import gateway.support.TestConfig;

/** What only the memory store does (its bounds); what every store does is in {@link JobStoreContract}. */
class InMemoryJobStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final String PROMPT = "p".repeat(1_900);

    private final MutableClock clock = new MutableClock(NOW);
    private final GatewayConfig config = TestConfig.gateway(Map.of("gateway.jobs.retention", "1h"));

    @Test
    void evictsTheOldestTerminalJobsBeyondTheCapOnEntries() {
        InMemoryJobStore store = store(new MemoryBudget(64 << 20, 5, Duration.ofSeconds(5)));
        for (int i = 0; i < 7; i++) {
            store.insert(done(job("job-" + i, NOW.plusSeconds(i), null))).await().indefinitely();
        }

        assertThat(store.find("acme", "job-0").await().indefinitely()).isNull();
        assertThat(store.find("acme", "job-1").await().indefinitely()).isNull();
        assertThat(ids(store)).hasSize(5);
    }

    @Test
    void countsTheEstimatedBytesOfWhatItHoldsAndGivesThemBackOnEviction() {
        MemoryBudget budget = new MemoryBudget(64 << 20, 1000, Duration.ofSeconds(5));
        InMemoryJobStore store = store(budget);
        Job small = job("small", NOW, null);
        Job large = job("large", NOW.plusSeconds(1), metadata());

        store.insert(small).await().indefinitely();
        store.insert(large).await().indefinitely();

        long smallBytes = JobFootprint.of(small) + JobFootprint.IN_FLIGHT_BYTES;
        long largeBytes = JobFootprint.of(large) + JobFootprint.IN_FLIGHT_BYTES;
        assertThat(budget.used()).isEqualTo(smallBytes + largeBytes).isEqualTo(budget.pinned());
        // two 1,900-character prompts and 2 KiB of metadata: about twice their JSON size once on the heap
        assertThat(JobFootprint.of(large)).isBetween(9_000L, 16_000L);
        assertThat(JobFootprint.of(large) - JobFootprint.of(small)).isGreaterThan(5_000L);

        Job finished = store.update("acme", "large", complete()).await().indefinitely();

        assertThat(budget.pinned()).isEqualTo(smallBytes);
        assertThat(budget.used()).isEqualTo(smallBytes + JobFootprint.of(finished));
    }

    @Test
    void overItsBudgetEvictsTerminalJobsOldestFirstAndNeverOneInFlight() {
        long jobBytes = JobFootprint.of(done(job("probe", NOW, metadata())));
        // room for the two jobs in flight and two and a half terminal ones
        MemoryBudget budget = new MemoryBudget(2 * (jobBytes + JobFootprint.IN_FLIGHT_BYTES) + 5 * jobBytes / 2,
                1000, Duration.ofSeconds(5));
        InMemoryJobStore store = store(budget);
        store.insert(job("in-flight-oldest", NOW, metadata())).await().indefinitely();
        for (int i = 0; i < 3; i++) {
            store.insert(done(job("done-" + i, NOW.plusSeconds(1 + i), metadata()))).await().indefinitely();
        }
        store.insert(job("in-flight-newer", NOW.plusSeconds(10), metadata())).await().indefinitely();

        store.insert(done(job("done-3", NOW.plusSeconds(11), metadata()))).await().indefinitely();

        assertThat(ids(store)).containsExactly("done-3", "in-flight-newer", "done-2", "in-flight-oldest");
        assertThat(budget.used()).isLessThanOrEqualTo(budget.limit());
    }

    @Test
    void refusesRoomForASubmissionWhenJobsInFlightAloneWouldExceedTheBudget() {
        Job template = job("probe", NOW, metadata());
        long submissionBytes = JobFootprint.inFlight(template.request(), template.metadata());
        MemoryBudget budget = new MemoryBudget(2 * submissionBytes, 1000, Duration.ofSeconds(5));
        InMemoryJobStore store = store(budget);
        StoreRoom.Hold first = budget.reserve(template.request(), template.metadata());
        store.insert(job("a", NOW, metadata())).await().indefinitely();
        first.release();
        budget.reserve(template.request(), template.metadata());

        assertThatThrownBy(() -> budget.reserve(template.request(), template.metadata()))
                .isInstanceOf(StoreFullException.class);

        store.update("acme", "a", complete()).await().indefinitely();
        StoreRoom.Hold afterEviction = budget.reserve(template.request(), template.metadata());
        assertThat(afterEviction).isNotNull();
    }

    @Test
    void forgetsTheIdempotencyRecordOfAnEvictedJob() {
        MemoryBudget budget = new MemoryBudget(64 << 20, 1, Duration.ofSeconds(5));
        InMemoryJobStore store = store(budget);
        InMemoryIdempotencyStore records = new InMemoryIdempotencyStore(config, clock, budget, store);
        records.claim("acme", "key-1", "digest").await().indefinitely();
        store.insert(done(job("job-1", NOW, null))).await().indefinitely();
        records.complete("acme", "key-1", "job-1").await().indefinitely();

        store.insert(done(job("job-2", NOW.plusSeconds(1), null))).await().indefinitely();

        assertThat(records.claim("acme", "key-1", "digest").await().indefinitely()).isNull();
    }

    private InMemoryJobStore store(MemoryBudget budget) {
        return new InMemoryJobStore(config, clock, budget);
    }

    private static List<String> ids(InMemoryJobStore store) {
        return store.list("acme", null, 100, null).await().indefinitely().items().stream().map(Job::id).toList();
    }

    /** 2 KiB of JSON, as Jackson reads it. */
    private static Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            metadata.put("field-" + i, "v".repeat(40));
        }
        return metadata;
    }

    private static UnaryOperator<Job> complete() {
        return job -> job.advance(new JobUpdate(JobStatus.COMPLETED, 100, List.of("https://cdn.example.com/r.png"),
                null), NOW);
    }

    private static Job done(Job job) {
        return complete().apply(job);
    }

    private static Job job(String id, Instant createdAt, Map<String, Object> metadata) {
        return Job.accepted(id, "acme", new UpscaleParameters("https://example.com/a.png", 2, PROMPT, PROMPT, null,
                null, null, null, null, null, "png"), metadata, null, "up-" + id, createdAt);
    }
}
