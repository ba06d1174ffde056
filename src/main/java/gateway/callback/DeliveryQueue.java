package gateway.callback;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/**
 * The deliveries waiting to be made, at most one per job (a newer change replaces the one queued), each due at a
 * time. A replica claims due deliveries for one attempt: a claim holds a delivery for a while, so no other replica
 * takes it meanwhile, and lapses if the replica dies, so another one does. Settling a delivery a newer change has
 * replaced leaves the newer one, due at once.
 */
public interface DeliveryQueue {

    /**
     * Queues a delivery, due at once, replacing an older change of its job (which keeps its due time); true as well
     * when this change or a newer one is queued already. False when the tenant has
     * {@code gateway.callbacks.max-pending-per-tenant} deliveries queued and this job none.
     */
    Uni<Boolean> offer(PendingDelivery delivery);

    /** Claims up to {@code max} of the tenant's due deliveries for {@code hold}, counting an attempt for each. */
    Uni<DeliveryClaim> claim(String tenantId, int max, Duration hold);

    /** The delivery of this change is over: delivered, refused for good, or given up. */
    Uni<Void> done(String tenantId, String jobId, long eventSeq);

    /** The delivery of this change is due again after {@code delay}. */
    Uni<Void> retryAfter(String tenantId, String jobId, long eventSeq, Duration delay);
}
