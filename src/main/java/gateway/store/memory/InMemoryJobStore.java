package gateway.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import gateway.config.GatewayConfig;
import gateway.job.Job;
import gateway.job.JobCursor;
import gateway.job.JobPage;
import gateway.job.JobStatus;
import gateway.job.JobStore;
import io.smallrye.mutiny.Uni;

/**
 * Jobs in this process's memory: for one replica, or for development. Bounded three ways: no job older than
 * {@code gateway.jobs.retention} is kept, and beyond the {@link MemoryBudget} (bytes) or
 * {@code gateway.jobs.max-entries} (jobs) the oldest terminal jobs are evicted. A job in flight is never evicted;
 * the budget refuses new submissions instead.
 */
@ApplicationScoped
@Typed(InMemoryJobStore.class) // chosen by gateway.store in gateway.StoreSelection
public class InMemoryJobStore implements JobStore {

    private static final Comparator<JobCursor> NEWEST_FIRST = Comparator.comparing(JobCursor::createdAt)
            .thenComparing(JobCursor::jobId).reversed();

    // bounded by the memory budget, max-entries and retention, enforced on every insert and update
    private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
    // the same keys as jobs, newest first, so the oldest is always last
    private final ConcurrentSkipListSet<JobCursor> byAge = new ConcurrentSkipListSet<>(NEWEST_FIRST);
    // the terminal ones among them, the only ones evicted for room
    private final ConcurrentSkipListSet<JobCursor> terminalByAge = new ConcurrentSkipListSet<>(NEWEST_FIRST);
    // one listing index per tenant id; tenant ids come from configuration, so there are as many as tenants
    private final ConcurrentHashMap<String, NavigableSet<JobCursor>> byTenant = new ConcurrentHashMap<>();
    // who must forget an evicted job with it: the idempotency store, once
    private final List<Consumer<Job>> evictionListeners = new CopyOnWriteArrayList<>();

    private final Clock clock;
    private final Duration retention;
    private final MemoryBudget budget;

    public InMemoryJobStore(GatewayConfig config, Clock clock, MemoryBudget budget) {
        this.clock = clock;
        this.retention = config.jobs().retention();
        this.budget = budget;
    }

    /** Called with each job evicted or expired, so what refers to it can go too. */
    void whenEvicted(Consumer<Job> listener) {
        evictionListeners.add(listener);
    }

    @Override
    public Uni<Void> insert(Job job) {
        JobCursor key = keyOf(job);
        if (jobs.putIfAbsent(job.id(), job) != null) {
            return Uni.createFrom().voidItem(); // stored already: a repeated insert must not move it back to queued
        }
        account(job);
        byAge.add(key);
        tenantIndex(job.tenantId()).add(key);
        if (job.isTerminal()) {
            terminalByAge.add(key);
        }
        evictBeyondLimits();
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Job> find(String tenantId, String jobId) {
        return Uni.createFrom().item(visible(tenantId, jobs.get(jobId)));
    }

    @Override
    public Uni<Job> update(String tenantId, String jobId, UnaryOperator<Job> change) {
        Job updated = jobs.computeIfPresent(jobId, (id, job) -> {
            if (!job.tenantId().equals(tenantId)) {
                return job;
            }
            Job changed = change.apply(job);
            if (changed != job) {
                reaccount(job, changed);
            }
            return changed;
        });
        if (updated != null && updated.isTerminal()) {
            evictBeyondLimits();
        }
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

    private void account(Job job) {
        if (job.isTerminal()) {
            budget.addEvictable(JobFootprint.of(job));
        } else {
            budget.addPinned(pinnedBytes(job));
        }
    }

    /** Runs inside the map's atomic update of this job, so each change is counted once. */
    private void reaccount(Job before, Job after) {
        if (before.isTerminal()) {
            budget.charge(JobFootprint.of(after) - JobFootprint.of(before));
        } else if (after.isTerminal()) {
            budget.becameTerminal(pinnedBytes(before), JobFootprint.of(after));
            terminalByAge.add(keyOf(after));
        } else {
            budget.resizePinned(pinnedBytes(after) - pinnedBytes(before));
        }
    }

    private static long pinnedBytes(Job job) {
        return JobFootprint.of(job) + JobFootprint.IN_FLIGHT_BYTES;
    }

    private void evictBeyondLimits() {
        for (JobCursor oldest = oldest(); oldest != null && isExpired(oldest.createdAt()); oldest = oldest()) {
            remove(oldest);
        }
        while (budget.isOver()) {
            JobCursor oldestTerminal = terminalByAge.pollLast();
            if (oldestTerminal == null) {
                return; // all in flight: the budget refuses new submissions until some end
            }
            remove(oldestTerminal);
        }
    }

    private JobCursor oldest() {
        Iterator<JobCursor> oldestFirst = byAge.descendingIterator();
        return oldestFirst.hasNext() ? oldestFirst.next() : null;
    }

    private void remove(JobCursor key) {
        if (byAge.remove(key)) {
            Job removed = jobs.remove(key.jobId());
            terminalByAge.remove(key); // after the job left the map, which no later update can then add back
            if (removed != null) {
                forget(removed);
                evictionListeners.forEach(listener -> listener.accept(removed));
            }
        }
    }

    private void forget(Job job) {
        tenantIndex(job.tenantId()).remove(keyOf(job));
        budget.removed(job.isTerminal() ? JobFootprint.of(job) : pinnedBytes(job), !job.isTerminal());
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
