package gateway.emulator;

import java.time.Instant;

/** Where a job stands at one moment; {@code progress} and {@code completedAt} may be null, as in Apiframe's Job. */
record JobState(JobStatus status, Integer progress, Instant completedAt) {

    /** Apiframe charges a flat 3 credits when a job is accepted and refunds them if it fails. */
    int creditCost() {
        return status == JobStatus.FAILED ? 0 : 3;
    }
}
