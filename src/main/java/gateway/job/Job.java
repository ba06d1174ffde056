package gateway.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An upscale job as the gateway tracks it. Immutable: every accepted change makes a new value with {@code seq}
 * one higher, which is also the job's SSE event id.
 */
@RegisterForReflection // serialised by hand (SSE data, Redis, problem bodies), outside Quarkus REST's view
public record Job(
        String id,
        String tenantId,
        JobStatus status,
        Integer progress,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        UpscaleParameters request,
        List<String> images,
        JobError error,
        Map<String, Object> metadata,
        String upstreamJobId,
        long seq,
        JobCallback callback) {

    public static Job accepted(String id, String tenantId, UpscaleParameters request, Map<String, Object> metadata,
            JobCallback callback, String upstreamJobId, Instant now) {
        return new Job(id, tenantId, JobStatus.QUEUED, null, now, now, null, request, null, null, metadata,
                upstreamJobId, 1, callback);
    }

    public boolean isTerminal() {
        return status.isTerminal();
    }

    /**
     * This job moved forward by an update, or this very job when the update would move it backwards, repeats what
     * is already known, or comes after a terminal state.
     */
    public Job advance(JobUpdate update, Instant now) {
        if (isTerminal() || update.status().ordinal() < status.ordinal()) {
            return this;
        }
        Integer nextProgress = nextProgress(update);
        if (update.status() == status && Objects.equals(nextProgress, progress)) {
            return this;
        }
        boolean terminal = update.status().isTerminal();
        return new Job(id, tenantId, update.status(), nextProgress, createdAt, now, terminal ? now : null, request,
                update.images(), update.error(), metadata, upstreamJobId, seq + 1,
                callback == null ? null : callback.changedTo(update.status(), seq + 1));
    }

    /**
     * This job with its callback's delivery state moved on: a change of the resource, so {@code seq} rises, but not
     * of its status or progress, so {@code updatedAt} stays. This very job when the callback did not change.
     */
    public Job withCallback(JobCallback next) {
        if (next == callback) {
            return this;
        }
        return new Job(id, tenantId, status, progress, createdAt, updatedAt, completedAt, request, images, error,
                metadata, upstreamJobId, seq + 1, next);
    }

    /** Whether this very change is one the callback must deliver (it has just become pending). */
    public boolean hasCallbackDue() {
        return callback != null && callback.isPending() && callback.eventSeq() == seq;
    }

    private Integer nextProgress(JobUpdate update) {
        if (update.status() == JobStatus.COMPLETED) {
            return 100;
        }
        Integer reported = update.progress();
        if (reported == null || (update.status() == status && progress != null && reported < progress)) {
            return progress; // progress never goes back within a status
        }
        return Math.max(0, Math.min(100, reported));
    }
}
