package gateway.job;

import java.time.Instant;

/**
 * What a client's {@code Idempotency-Key} stands for: the digest of the request first sent under it, and the job
 * that request created (null while it is still being submitted).
 */
public record IdempotencyRecord(String requestDigest, String jobId, Instant createdAt) {

    public boolean isInProgress() {
        return jobId == null;
    }
}
