package gateway.job;

import java.util.function.UnaryOperator;

import io.smallrye.mutiny.Uni;

/**
 * Where jobs live. Implementations apply {@link #update} atomically, so racing writers (a poll, the timeout) can
 * neither move a job backwards nor announce one change twice.
 */
public interface JobStore {

    /**
     * Stores a job Apiframe accepted, unless one with its id is stored already (which then stays as it is). With
     * replicas sharing the store, this replica takes the job's poll lease in the same atomic step, so no stored job
     * is left without a poller when a replica dies right after storing it.
     */
    Uni<Void> insert(Job job);

    /** The tenant's job, or null when it is unknown, expired, or belongs to another tenant. */
    Uni<Job> find(String tenantId, String jobId);

    /** Applies the change atomically and returns the job as stored afterwards, or null when the job is gone. */
    Uni<Job> update(String tenantId, String jobId, UnaryOperator<Job> change);

    /** The tenant's jobs, newest first, optionally of one status, after the given cursor (null: from the start). */
    Uni<JobPage> list(String tenantId, JobStatus status, int limit, JobCursor after);
}
