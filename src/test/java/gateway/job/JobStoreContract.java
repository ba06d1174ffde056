package gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import gateway.support.MutableClock;
import io.smallrye.mutiny.Uni;

/**
 * What every {@link JobStore} promises, whatever keeps the jobs. Each test works in tenants of its own, so stores
 * shared between tests (Redis) never see another test's jobs.
 */
public abstract class JobStoreContract {

    /** The store under test, on the system clock, keeping jobs at least an hour and at least 100 of them. */
    protected abstract JobStore store();

    /** A store of the same kind keeping jobs for the given retention, as told by the given clock. */
    protected abstract JobStore storeWith(Duration retention, Clock clock);

    protected String tenant;
    protected String otherTenant;
    protected Instant now;

    @BeforeEach
    void pickFreshTenants() {
        tenant = "acme-" + UUID.randomUUID();
        otherTenant = "globex-" + UUID.randomUUID();
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void findsTheJobAsItWasInserted() {
        Job job = new Job("a", tenant, JobStatus.QUEUED, null, now, now, null, parameters(), null, null,
                Map.of("order", "A-17", "attempt", 2), "up-a", 1, null);
        await(store().insert(job));

        assertThat(await(store().find(tenant, "a"))).isEqualTo(job);
        assertThat(await(store().find(tenant, "unknown"))).isNull();
    }

    @Test
    void hidesAnotherTenantsJob() {
        await(store().insert(job("a", tenant, now)));

        assertThat(await(store().find(otherTenant, "a"))).isNull();
        assertThat(await(store().update(otherTenant, "a", failed()))).isNull();
        assertThat(await(store().list(otherTenant, null, 10, null)).items()).isEmpty();
        assertThat(await(store().find(tenant, "a")).status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void insertingAStoredJobAgainLeavesItAsItIs() {
        Job job = job("a", tenant, now);
        await(store().insert(job));
        Job processing = await(store().update(tenant, "a", progress(JobStatus.PROCESSING, 40)));

        await(store().insert(job));

        assertThat(await(store().find(tenant, "a"))).isEqualTo(processing);
        assertThat(ids(await(store().list(tenant, null, 10, null)))).containsExactly("a");
    }

    @Test
    void updateReturnsTheJobAsStoredAfterwards() {
        await(store().insert(job("a", tenant, now)));

        Job updated = await(store().update(tenant, "a", progress(JobStatus.PROCESSING, 40)));

        assertThat(updated.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(updated.progress()).isEqualTo(40);
        assertThat(updated.seq()).isEqualTo(2);
        assertThat(await(store().find(tenant, "a"))).isEqualTo(updated);
    }

    @Test
    void updateOnlyMovesForward() {
        await(store().insert(job("a", tenant, now)));
        await(store().update(tenant, "a", progress(JobStatus.PROCESSING, 40)));

        Job backwards = await(store().update(tenant, "a", progress(JobStatus.QUEUED, 90)));
        Job lessProgress = await(store().update(tenant, "a", progress(JobStatus.PROCESSING, 10)));
        Job terminal = await(store().update(tenant, "a", failed()));
        Job afterTerminal = await(store().update(tenant, "a", progress(JobStatus.PROCESSING, 80)));

        assertThat(backwards.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(lessProgress.progress()).isEqualTo(40);
        assertThat(lessProgress.seq()).isEqualTo(2);
        assertThat(terminal.status()).isEqualTo(JobStatus.FAILED);
        assertThat(terminal.seq()).isEqualTo(3);
        assertThat(afterTerminal).isEqualTo(terminal);
        assertThat(await(store().find(tenant, "a"))).isEqualTo(terminal);
    }

    @Test
    void updateThatChangesNothingReturnsTheStoredJob() {
        Job job = job("a", tenant, now);
        await(store().insert(job));

        assertThat(await(store().update(tenant, "a", UnaryOperator.identity()))).isEqualTo(job);
        assertThat(await(store().find(tenant, "a"))).isEqualTo(job);
    }

    @Test
    void updateOfAnUnknownJobIsNull() {
        assertThat(await(store().update(tenant, "unknown", failed()))).isNull();
    }

    @Test
    void appliesConcurrentUpdatesEachExactlyOnceInSeqOrder() throws Exception {
        await(store().insert(job("a", tenant, now)));
        int writers = 8;
        int updatesEach = 12; // 96 in all: progress counts them, below its cap of 100
        UnaryOperator<Job> increment = job -> job.advance(new JobUpdate(JobStatus.PROCESSING,
                job.progress() == null ? 1 : job.progress() + 1, null, null), Instant.now());
        List<Job> results = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < updatesEach; i++) {
                        results.add(await(store().update(tenant, "a", increment)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : done) {
                writer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        int total = writers * updatesEach;
        // every update saw the one before it: seq n carries progress n - 1, and no seq was handed out twice
        assertThat(results).allSatisfy(job -> assertThat(job.progress()).isEqualTo((int) job.seq() - 1));
        assertThat(results.stream().map(Job::seq).sorted().toList())
                .containsExactlyElementsOf(seqs(2, total + 1));
        Job last = await(store().find(tenant, "a"));
        assertThat(last.seq()).isEqualTo(total + 1);
        assertThat(last.progress()).isEqualTo(total);
    }

    @Test
    void listsNewestFirstAcrossPages() {
        for (int i = 0; i < 5; i++) {
            await(store().insert(job("job-" + i, tenant, now.plusSeconds(i))));
        }

        JobPage first = await(store().list(tenant, null, 2, null));
        JobPage second = await(store().list(tenant, null, 2, first.next()));
        JobPage last = await(store().list(tenant, null, 2, second.next()));

        assertThat(ids(first)).containsExactly("job-4", "job-3");
        assertThat(ids(second)).containsExactly("job-2", "job-1");
        assertThat(ids(last)).containsExactly("job-0");
        assertThat(last.next()).isNull();
    }

    @Test
    void ordersJobsCreatedTogetherByIdDescendingAcrossPages() {
        await(store().insert(job("early", tenant, now.minusMillis(1))));
        for (String id : List.of("c", "a", "e", "b", "d")) {
            await(store().insert(job(id, tenant, now)));
        }
        await(store().insert(job("late", tenant, now.plusMillis(1))));

        List<String> seen = new ArrayList<>();
        JobPage page = await(store().list(tenant, null, 2, null));
        seen.addAll(ids(page));
        while (page.next() != null) {
            page = await(store().list(tenant, null, 2, page.next()));
            seen.addAll(ids(page));
        }

        assertThat(seen).containsExactly("late", "e", "d", "c", "b", "a", "early");
    }

    @Test
    void aFullLastPageHasNoCursor() {
        await(store().insert(job("a", tenant, now)));
        await(store().insert(job("b", tenant, now.plusSeconds(1))));

        JobPage page = await(store().list(tenant, null, 2, null));

        assertThat(ids(page)).containsExactly("b", "a");
        assertThat(page.next()).isNull();
    }

    @Test
    void acceptsACursorThatCameBackThroughTheWire() {
        for (int i = 0; i < 3; i++) {
            await(store().insert(job("job-" + i, tenant, now.plusSeconds(i))));
        }

        JobPage first = await(store().list(tenant, null, 1, null));
        JobPage second = await(store().list(tenant, null, 5, JobCursor.decode(first.next().encode())));

        assertThat(ids(second)).containsExactly("job-1", "job-0");
    }

    @Test
    void filtersByStatusAcrossPages() {
        for (int i = 0; i < 6; i++) {
            Job job = job("job-" + i, tenant, now.plusSeconds(i));
            await(store().insert(i % 2 == 0 ? job.advance(JobUpdate.failed("x", "y"), now) : job));
        }

        JobPage first = await(store().list(tenant, JobStatus.FAILED, 2, null));
        JobPage rest = await(store().list(tenant, JobStatus.FAILED, 2, first.next()));

        assertThat(ids(first)).containsExactly("job-4", "job-2");
        assertThat(ids(rest)).containsExactly("job-0");
        assertThat(rest.next()).isNull();
        assertThat(ids(await(store().list(tenant, JobStatus.QUEUED, 10, null))))
                .containsExactly("job-5", "job-3", "job-1");
        assertThat(await(store().list(tenant, JobStatus.COMPLETED, 10, null)).items()).isEmpty();
    }

    @Test
    void listsMoreJobsThanOneReadOfTheIndexHolds() {
        for (int i = 0; i < 70; i++) {
            Job job = job(String.format("job-%02d", i), tenant, now.plusMillis(i));
            await(store().insert(i == 3 ? job.advance(JobUpdate.failed("x", "y"), now) : job));
        }

        JobPage all = await(store().list(tenant, null, 100, null));
        JobPage failed = await(store().list(tenant, JobStatus.FAILED, 10, null));

        assertThat(all.items()).hasSize(70);
        assertThat(all.items().get(0).id()).isEqualTo("job-69");
        assertThat(ids(failed)).containsExactly("job-03");
    }

    @Test
    void forgetsJobsOlderThanTheRetention() {
        MutableClock clock = new MutableClock(now);
        JobStore store = storeWith(Duration.ofHours(1), clock);
        await(store.insert(job("old", tenant, now)));
        clock.advance(Duration.ofMinutes(61));

        assertThat(await(store.find(tenant, "old"))).isNull();
        assertThat(await(store.update(tenant, "old", failed()))).isNull();
        await(store.insert(job("new", tenant, clock.instant())));
        assertThat(ids(await(store.list(tenant, null, 10, null)))).containsExactly("new");
    }

    protected static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }

    protected static List<String> ids(JobPage page) {
        return page.items().stream().map(Job::id).toList();
    }

    protected static Job job(String id, String tenant, Instant createdAt) {
        return Job.accepted(id, tenant, parameters(), null, null, "up-" + id, createdAt);
    }

    private static UpscaleParameters parameters() {
        return new UpscaleParameters("https://example.com/a.png", 2, null, null, null, null, null, null, null, null,
                "png");
    }

    private static UnaryOperator<Job> failed() {
        return job -> job.advance(JobUpdate.failed("upstream_failed", "no"), Instant.now());
    }

    private static UnaryOperator<Job> progress(JobStatus status, int progress) {
        return job -> job.advance(new JobUpdate(status, progress, null, null), Instant.now());
    }

    private static List<Long> seqs(long first, long last) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }
}
