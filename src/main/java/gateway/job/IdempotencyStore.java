package gateway.job;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/** Client idempotency keys, per tenant, kept {@link #RETENTION}. Implementations make {@link #claim} atomic. */
public interface IdempotencyStore {

    /** How long a completed record answers retries under its key, from its claim. */
    Duration RETENTION = Duration.ofHours(24);

    /** Claims the key for a request, or returns the record already holding it (then nothing changes). */
    Uni<IdempotencyRecord> claim(String tenantId, String key, String requestDigest);

    /** Records the job the claimed request created. */
    Uni<Void> complete(String tenantId, String key, String jobId);

    /** Forgets a claim whose request failed before Apiframe accepted it, so the client may try again. */
    Uni<Void> release(String tenantId, String key);
}
