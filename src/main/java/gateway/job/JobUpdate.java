package gateway.job;

import java.util.List;

import gateway.upstream.UpstreamJobState;

/** One observation of a job's progress, from a poll (or, later, a webhook): what the job should move to. */
public record JobUpdate(JobStatus status, Integer progress, List<String> images, JobError error) {

    public static JobUpdate queued() {
        return new JobUpdate(JobStatus.QUEUED, null, null, null);
    }

    public static JobUpdate failed(String code, String message) {
        return new JobUpdate(JobStatus.FAILED, null, null, new JobError(code, message));
    }

    /** What an Apiframe job state means for the gateway's job. */
    public static JobUpdate fromUpstream(UpstreamJobState state) {
        return switch (state.status()) {
            case QUEUED -> new JobUpdate(JobStatus.QUEUED, state.progress(), null, null);
            case PROCESSING -> new JobUpdate(JobStatus.PROCESSING, state.progress(), null, null);
            case COMPLETED -> state.images().isEmpty()
                    ? failed(JobError.UPSTREAM_ERROR, "Apiframe reported the job completed but sent no image")
                    : new JobUpdate(JobStatus.COMPLETED, 100, state.images(), null);
            case FAILED -> failed(JobError.UPSTREAM_FAILED,
                    state.error() != null ? state.error() : "Apiframe reported the job failed");
            case CANCELLED -> failed(JobError.UPSTREAM_CANCELLED,
                    state.error() != null ? state.error() : "Apiframe cancelled the job");
        };
    }
}
