package gateway.emulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Moves an emulated job along with the clock rather than with real work: QUEUED for the first fifth of the job
 * duration, then PROCESSING with growing progress, then COMPLETED once the duration has passed and the result
 * exists. A job whose upscale failed is FAILED as soon as that is known.
 */
record JobTimeline(Duration duration) {

    private static final int QUEUED_SHARE_PERCENT = 20;

    JobState at(EmulatedJob job, Instant now) {
        if (job.failure() != null) {
            return new JobState(JobStatus.FAILED, null, job.finishedAt());
        }
        Duration elapsed = Duration.between(job.createdAt(), now);
        Duration queued = duration.multipliedBy(QUEUED_SHARE_PERCENT).dividedBy(100);
        if (elapsed.compareTo(queued) < 0) {
            return new JobState(JobStatus.QUEUED, 0, null);
        }
        if (elapsed.compareTo(duration) < 0 || job.finishedAt() == null) {
            return new JobState(JobStatus.PROCESSING, processingProgress(elapsed.minus(queued), duration.minus(queued)), null);
        }
        Instant due = job.createdAt().plus(duration);
        return new JobState(JobStatus.COMPLETED, 100, job.finishedAt().isAfter(due) ? job.finishedAt() : due);
    }

    // Never 100 while processing: a late result keeps the job at 99 until it exists.
    private static int processingProgress(Duration processed, Duration processing) {
        if (processing.isZero()) {
            return 99;
        }
        return (int) Math.min(99, processed.toMillis() * 100 / Math.max(1, processing.toMillis()));
    }
}
