package gateway.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import gateway.callback.ClaimedDelivery;
import gateway.callback.DeliveryClaim;
import gateway.callback.DeliveryQueue;
import gateway.callback.PendingDelivery;
import gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;

/**
 * Callback deliveries in this process's memory, for one replica: a restart loses them, as it loses the memory store's
 * jobs. Bounded: at most {@code gateway.callbacks.max-pending-per-tenant} per tenant (one per job), each holding the
 * body it sends, outside the job store's memory budget. Every operation takes the one lock; there are few.
 */
@ApplicationScoped
@Typed(InMemoryDeliveryQueue.class) // chosen by gateway.store in gateway.StoreSelection
public class InMemoryDeliveryQueue implements DeliveryQueue {

    // tenant id to job id to its queued delivery; tenant ids are configured, and each map is capped
    private final Map<String, Map<String, Entry>> byTenant = new HashMap<>();
    private final Clock clock;
    private final int maxPerTenant;

    InMemoryDeliveryQueue(Clock clock, GatewayConfig config) {
        this.clock = clock;
        this.maxPerTenant = config.callbacks().maxPendingPerTenant();
    }

    @Override
    public synchronized Uni<Boolean> offer(PendingDelivery delivery) {
        Map<String, Entry> queue = byTenant.computeIfAbsent(delivery.tenantId(), tenantId -> new HashMap<>());
        Entry queued = queue.get(delivery.jobId());
        if (queued != null && queued.delivery.eventSeq() >= delivery.eventSeq()) {
            return Uni.createFrom().item(true);
        }
        if (queued == null && queue.size() >= maxPerTenant) {
            return Uni.createFrom().item(false);
        }
        Instant now = clock.instant();
        queue.put(delivery.jobId(), new Entry(delivery, now, queued == null ? now : queued.dueAt));
        return Uni.createFrom().item(true);
    }

    @Override
    public synchronized Uni<DeliveryClaim> claim(String tenantId, int max, Duration hold) {
        Map<String, Entry> queue = byTenant.getOrDefault(tenantId, Map.of());
        Instant now = clock.instant();
        List<Entry> due = queue.values().stream().filter(entry -> !entry.dueAt.isAfter(now))
                .sorted(Comparator.comparing((Entry entry) -> entry.dueAt)).limit(max).toList();
        List<ClaimedDelivery> claimed = due.stream().map(entry -> {
            entry.dueAt = now.plus(hold);
            entry.attempts++;
            return new ClaimedDelivery(entry.delivery, entry.attempts, Duration.between(entry.queuedAt, now));
        }).toList();
        Duration oldest = queue.values().stream().map(entry -> Duration.between(entry.queuedAt, now))
                .max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        return Uni.createFrom().item(new DeliveryClaim(claimed, oldest));
    }

    @Override
    public synchronized Uni<Void> done(String tenantId, String jobId, long eventSeq) {
        Map<String, Entry> queue = byTenant.getOrDefault(tenantId, Map.of());
        Entry queued = queue.get(jobId);
        if (queued != null && queued.delivery.eventSeq() == eventSeq) {
            queue.remove(jobId);
        } else if (queued != null) {
            queued.dueAt = clock.instant(); // the change that replaced it
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Void> retryAfter(String tenantId, String jobId, long eventSeq, Duration delay) {
        Entry queued = byTenant.getOrDefault(tenantId, Map.of()).get(jobId);
        if (queued != null) {
            queued.dueAt = queued.delivery.eventSeq() == eventSeq ? clock.instant().plus(delay) : clock.instant();
        }
        return Uni.createFrom().voidItem();
    }

    /** One queued delivery; its mutable fields are guarded by the queue's lock. */
    private static final class Entry {
        final PendingDelivery delivery;
        final Instant queuedAt;
        Instant dueAt;
        int attempts;

        Entry(PendingDelivery delivery, Instant queuedAt, Instant dueAt) {
            this.delivery = delivery;
            this.queuedAt = queuedAt;
            this.dueAt = dueAt;
        }
    }
}
