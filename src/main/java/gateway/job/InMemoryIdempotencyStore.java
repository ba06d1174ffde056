package gateway.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import gateway.GatewayConfig;
import io.smallrye.mutiny.Uni;

/** Idempotency records in memory, for one replica. */
@ApplicationScoped
@Typed(InMemoryIdempotencyStore.class) // chosen by gateway.store in gateway.StoreSelection
public class InMemoryIdempotencyStore implements IdempotencyStore {

    static final Duration RETENTION = Duration.ofHours(24);

    // insertion order is creation order: bounded by RETENTION and gateway.jobs.max-entries, eldest evicted first
    private final LinkedHashMap<Scope, IdempotencyRecord> records = new LinkedHashMap<>();
    private final Clock clock;
    private final int maxEntries;

    public InMemoryIdempotencyStore(GatewayConfig config, Clock clock) {
        this.clock = clock;
        this.maxEntries = config.jobs().maxEntries();
    }

    @Override
    public synchronized Uni<IdempotencyRecord> claim(String tenantId, String key, String requestDigest) {
        Instant now = clock.instant();
        evict(now);
        IdempotencyRecord existing = records.get(new Scope(tenantId, key));
        if (existing == null) {
            records.put(new Scope(tenantId, key), new IdempotencyRecord(requestDigest, null, now));
        }
        return Uni.createFrom().item(existing);
    }

    @Override
    public synchronized Uni<Void> complete(String tenantId, String key, String jobId) {
        records.computeIfPresent(new Scope(tenantId, key),
                (scope, claim) -> new IdempotencyRecord(claim.requestDigest(), jobId, claim.createdAt()));
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Void> release(String tenantId, String key) {
        records.remove(new Scope(tenantId, key));
        return Uni.createFrom().voidItem();
    }

    private void evict(Instant now) {
        Instant cutoff = now.minus(RETENTION);
        for (Iterator<IdempotencyRecord> eldestFirst = records.values().iterator(); eldestFirst.hasNext();) {
            IdempotencyRecord eldest = eldestFirst.next();
            if (records.size() < maxEntries && !eldest.createdAt().isBefore(cutoff)) {
                return;
            }
            eldestFirst.remove();
        }
    }

    private record Scope(String tenantId, String key) {
    }
}
