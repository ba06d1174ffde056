package gateway.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Moves an emulated job along with the clock rather than with real work: QUEUED for the first fifth of the job
 * duration, then PROCESSING with growing progress, then COMPLETED once the duration has passed and the result
 * exists. A job whose upscale failed is FAILED as soon as that is known.
 */
record JobTimeline(Duration duration) {

    private static final int QUEUED_SHARE_PERCENT = 20;
    private static final int LAST_PROCESSING_PROGRESS = 99;

    JobState at(EmulatedJob job, Instant now) {
        if (job.failure() != null) {
            return new JobState(JobStatus.FAILED, null, job.finishedAt());
        }
        Duration elapsed = Duration.between(job.createdAt(), now);
        if (elapsed.compareTo(queued()) < 0) {
            return new JobState(JobStatus.QUEUED, 0, null);
        }
        if (elapsed.compareTo(duration) < 0 || job.finishedAt() == null) {
            return new JobState(JobStatus.PROCESSING, processingProgress(elapsed.minus(queued()), processing()), null);
        }
        Instant due = job.createdAt().plus(duration);
        return new JobState(JobStatus.COMPLETED, 100, job.finishedAt().isAfter(due) ? job.finishedAt() : due);
    }

    /**
     * The first instant after {@code now} at which the clock alone changes what {@link #at} says of the job. Empty
     * when only the end of its upscale can change it (processing at 99 without a result), or when it has ended.
     */
    Optional<Instant> nextChange(EmulatedJob job, Instant now) {
        JobState state = at(job, now);
        Instant processingStarts = job.createdAt().plus(queued());
        if (state.status() == JobStatus.QUEUED) {
            return Optional.of(processingStarts);
        }
        if (state.status() != JobStatus.PROCESSING) {
            return Optional.empty();
        }
        Optional<Instant> completion = Optional.ofNullable(job.finishedAt()).map(finished -> job.createdAt().plus(duration));
        if (state.progress() == LAST_PROCESSING_PROGRESS) {
            return completion;
        }
        Instant nextPercent = processingStarts.plusMillis(millisToReach(state.progress() + 1, processing()));
        return Optional.of(completion.filter(done -> done.isBefore(nextPercent)).orElse(nextPercent));
    }

    private Duration queued() {
        return duration.multipliedBy(QUEUED_SHARE_PERCENT).dividedBy(100);
    }

    private Duration processing() {
        return duration.minus(queued());
    }

    // Never 100 while processing: a late result keeps the job at 99 until it exists.
    private static int processingProgress(Duration processed, Duration processing) {
        if (processing.isZero()) {
            return LAST_PROCESSING_PROGRESS;
        }
        return (int) Math.min(LAST_PROCESSING_PROGRESS, processed.toMillis() * 100 / Math.max(1, processing.toMillis()));
    }

    // The first whole millisecond of processing at which processingProgress reaches the percentage.
    private static long millisToReach(int percent, Duration processing) {
        long total = Math.max(1, processing.toMillis());
        return (percent * total + 99) / 100;
    }
}
