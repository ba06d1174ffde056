package gateway.store.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import gateway.config.GatewayConfig;
import gateway.job.IdempotencyRecord;
import gateway.job.IdempotencyStore;
import io.smallrye.mutiny.Uni;

/**
 * Idempotency records in memory, for one replica. A record is kept 24 h, or until the job it names leaves the
 * {@link InMemoryJobStore} (a retry under the key then submits again, and Apiframe replays its own job for the
 * same upstream key). Its bytes count against the store's {@link MemoryBudget}.
 */
@ApplicationScoped
@Typed(InMemoryIdempotencyStore.class) // chosen by gateway.store in gateway.StoreSelection
public class InMemoryIdempotencyStore implements IdempotencyStore {

    // insertion order is creation order: bounded by RETENTION, gateway.jobs.max-entries and the jobs they name
    private final LinkedHashMap<Scope, IdempotencyRecord> records = new LinkedHashMap<>();
    // the record naming each job, to forget it with its job: as many entries as completed records
    private final Map<String, Scope> byJob = new HashMap<>();
    private final Clock clock;
    private final int maxEntries;
    private final MemoryBudget budget;

    public InMemoryIdempotencyStore(GatewayConfig config, Clock clock, MemoryBudget budget, InMemoryJobStore jobs) {
        this.clock = clock;
        this.maxEntries = config.jobs().maxEntries();
        this.budget = budget;
        jobs.whenEvicted(job -> forgetJob(job.id()));
    }

    @Override
    public synchronized Uni<IdempotencyRecord> claim(String tenantId, String key, String requestDigest) {
        Instant now = clock.instant();
        evict(now);
        Scope scope = new Scope(tenantId, key);
        IdempotencyRecord existing = records.get(scope);
        if (existing == null) {
            put(scope, new IdempotencyRecord(requestDigest, null, now));
        }
        return Uni.createFrom().item(existing);
    }

    @Override
    public synchronized Uni<Void> complete(String tenantId, String key, String jobId) {
        Scope scope = new Scope(tenantId, key);
        IdempotencyRecord claim = records.get(scope);
        if (claim != null) {
            put(scope, new IdempotencyRecord(claim.requestDigest(), jobId, claim.createdAt()));
            byJob.put(jobId, scope);
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Void> release(String tenantId, String key) {
        remove(new Scope(tenantId, key));
        return Uni.createFrom().voidItem();
    }

    private synchronized void forgetJob(String jobId) {
        Scope scope = byJob.get(jobId);
        if (scope != null) {
            remove(scope);
        }
    }

    private void put(Scope scope, IdempotencyRecord record) {
        IdempotencyRecord replaced = records.put(scope, record);
        budget.charge(bytes(scope, record) - bytes(scope, replaced));
    }

    private void remove(Scope scope) {
        IdempotencyRecord removed = records.remove(scope);
        forgotten(scope, removed);
    }

    private void forgotten(Scope scope, IdempotencyRecord removed) {
        if (removed != null) {
            budget.charge(-bytes(scope, removed));
            if (removed.jobId() != null) {
                byJob.remove(removed.jobId());
            }
        }
    }

    private void evict(Instant now) {
        Instant cutoff = now.minus(IdempotencyStore.RETENTION);
        for (Iterator<Map.Entry<Scope, IdempotencyRecord>> eldestFirst = records.entrySet().iterator();
                eldestFirst.hasNext();) {
            Map.Entry<Scope, IdempotencyRecord> eldest = eldestFirst.next();
            if (records.size() < maxEntries && !eldest.getValue().createdAt().isBefore(cutoff)) {
                return;
            }
            eldestFirst.remove();
            forgotten(eldest.getKey(), eldest.getValue());
        }
    }

    private static long bytes(Scope scope, IdempotencyRecord record) {
        return record == null ? 0 : JobFootprint.ofRecord(scope.tenantId(), scope.key(), record);
    }

    private record Scope(String tenantId, String key) {
    }
}
