package gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import gateway.job.Job;
import gateway.job.JobCallback;
import gateway.job.JobError;
import gateway.job.JobStatus;
import gateway.job.UpscaleParameters;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The Job resource (contract.md, "The Job resource"); internal fields such as the upstream id stay inside. */
@RegisterForReflection // serialised by hand (SSE data, Redis, problem bodies), outside Quarkus REST's view
public record JobResponse(
        String id,
        JobStatus status,
        Integer progress,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        UpscaleParameters request,
        Result result,
        JobError error,
        Map<String, Object> metadata,
        @JsonInclude(JsonInclude.Include.NON_NULL) Callback callback) {

    public static JobResponse of(Job job) {
        Result result = job.images() == null || job.images().isEmpty() ? null : new Result(job.images());
        JobCallback callback = job.callback();
        return new JobResponse(job.id(), job.status(), job.progress(), job.createdAt(), job.updatedAt(),
                job.completedAt(), job.request(), result, job.error(), job.metadata(), callback == null ? null
                        : new Callback(callback.url(), callback.events(), callback.status(), callback.attempts(),
                                callback.lastAttemptAt(), callback.lastError()));
    }

    @RegisterForReflection
    public record Result(List<String> images) {
    }

    /** Where the job's changes are delivered, and how the latest one's delivery is going; absent without one. */
    @RegisterForReflection
    public record Callback(String url, List<JobStatus> events, JobCallback.Status status, int attempts,
            Instant lastAttemptAt, String lastError) {
    }
}
