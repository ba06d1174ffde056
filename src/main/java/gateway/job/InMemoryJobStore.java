package gateway.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import gateway.GatewayConfig;
import io.smallrye.mutiny.Uni;

/**
 * Jobs in this process's memory: for one replica, or for development. Bounded twice: no job older than
 * {@code gateway.jobs.retention} is kept, and beyond {@code gateway.jobs.max-entries} the oldest jobs are evicted.
 */
@ApplicationScoped
@Typed(InMemoryJobStore.class) // chosen by gateway.store in gateway.StoreSelection
public class InMemoryJobStore implements JobStore {

    private static final Comparator<JobCursor> NEWEST_FIRST = Comparator.comparing(JobCursor::createdAt)
            .thenComparing(JobCursor::jobId).reversed();

    // bounded by max-entries and retention, enforced on every insert and checked on every read
    private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
    // the same keys as jobs, newest first, so the oldest is always last
    private final ConcurrentSkipListSet<JobCursor> byAge = new ConcurrentSkipListSet<>(NEWEST_FIRST);
    // one listing index per tenant id; tenant ids come from configuration, so there are as many as tenants
    private final ConcurrentHashMap<String, NavigableSet<JobCursor>> byTenant = new ConcurrentHashMap<>();

    private final Clock clock;
    private final Duration retention;
    private final int maxEntries;

    public InMemoryJobStore(GatewayConfig config, Clock clock) {
        this.clock = clock;
        this.retention = config.jobs().retention();
        this.maxEntries = config.jobs().maxEntries();
    }

    @Override
    public Uni<Void> insert(Job job) {
        JobCursor key = keyOf(job);
        if (jobs.putIfAbsent(job.id(), job) != null) {
            return Uni.createFrom().voidItem(); // stored already: a repeated insert must not move it back to queued
        }
        byAge.add(key);
        tenantIndex(job.tenantId()).add(key);
        evictBeyondLimits();
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Job> find(String tenantId, String jobId) {
        return Uni.createFrom().item(visible(tenantId, jobs.get(jobId)));
    }

    @Override
    public Uni<Job> update(String tenantId, String jobId, UnaryOperator<Job> change) {
        Job updated = jobs.computeIfPresent(jobId,
                (id, job) -> job.tenantId().equals(tenantId) ? change.apply(job) : job);
        return Uni.createFrom().item(visible(tenantId, updated));
    }

    @Override
    public Uni<JobPage> list(String tenantId, JobStatus status, int limit, JobCursor after) {
        NavigableSet<JobCursor> index = tenantIndex(tenantId);
        NavigableSet<JobCursor> candidates = after == null ? index : index.tailSet(after, false);
        List<Job> page = new ArrayList<>(limit);
        JobCursor next = null;
        for (JobCursor key : candidates) {
            Job job = visible(tenantId, jobs.get(key.jobId()));
            if (job == null || (status != null && job.status() != status)) {
                continue;
            }
            if (page.size() == limit) {
                next = keyOf(page.get(page.size() - 1));
                break;
            }
            page.add(job);
        }
        return Uni.createFrom().item(new JobPage(List.copyOf(page), next));
    }

    private Job visible(String tenantId, Job job) {
        if (job == null || !job.tenantId().equals(tenantId) || isExpired(job.createdAt())) {
            return null;
        }
        return job;
    }

    private void evictBeyondLimits() {
        while (!byAge.isEmpty()) {
            JobCursor oldest = byAge.last();
            if (jobs.size() <= maxEntries && !isExpired(oldest.createdAt())) {
                return;
            }
            remove(oldest);
        }
    }

    private void remove(JobCursor key) {
        if (byAge.remove(key)) {
            Job removed = jobs.remove(key.jobId());
            if (removed != null) {
                tenantIndex(removed.tenantId()).remove(key);
            }
        }
    }

    private boolean isExpired(Instant createdAt) {
        return createdAt.isBefore(clock.instant().minus(retention));
    }

    private NavigableSet<JobCursor> tenantIndex(String tenantId) {
        return byTenant.computeIfAbsent(tenantId, id -> new ConcurrentSkipListSet<>(NEWEST_FIRST));
    }

    private static JobCursor keyOf(Job job) {
        return new JobCursor(job.createdAt(), job.id());
    }
}
