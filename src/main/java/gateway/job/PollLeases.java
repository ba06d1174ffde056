package gateway.job;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Which replica polls which in-flight job: exactly one at a time, and another takes over when it dies. With one
 * replica there is nothing to decide.
 */
public interface PollLeases {

    /** Takes or renews this replica's lease on the job; false when another replica holds it. */
    Uni<Boolean> hold(String tenantId, String jobId);

    /** Lets go of a job that ended. */
    Uni<Void> release(String tenantId, String jobId);

    /** In-flight jobs whose poller is gone (no lease), as (tenant id, job id), for this replica to take over. */
    Uni<List<Orphan>> orphans();

    record Orphan(String tenantId, String jobId) {
    }
}
