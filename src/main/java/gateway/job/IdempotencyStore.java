package gateway.job;

import io.smallrye.mutiny.Uni;

/** Client idempotency keys, per tenant, kept 24 h. Implementations make {@link #claim} atomic. */
public interface IdempotencyStore {

    /** Claims the key for a request, or returns the record already holding it (then nothing changes). */
    Uni<IdempotencyRecord> claim(String tenantId, String key, String requestDigest);

    /** Records the job the claimed request created. */
    Uni<Void> complete(String tenantId, String key, String jobId);

    /** Forgets a claim whose request failed before Apiframe accepted it, so the client may try again. */
    Uni<Void> release(String tenantId, String key);
}
