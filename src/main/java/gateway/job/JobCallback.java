package gateway.job;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where a job's changes are delivered, which of them, and how the delivery of the latest one is going. One change is
 * delivered at a time: a newer one replaces the one being retried, as an event stream sends only the latest state.
 *
 * @param events the statuses whose changes are delivered (the acceptance itself is not: the submission's answer
 *        already says it)
 * @param attempts attempts at delivering the change {@code eventSeq}
 * @param eventSeq the {@link Job#seq()} of the change being delivered, 0 before there is one
 */
@RegisterForReflection // serialised by hand (Redis), outside Quarkus REST's view
public record JobCallback(String url, List<JobStatus> events, Status status, int attempts, Instant lastAttemptAt,
        String lastError, long eventSeq) {

    /** What a submission gets when it names no events: the end of the job only. */
    public static final List<JobStatus> TERMINAL_EVENTS = List.of(JobStatus.COMPLETED, JobStatus.FAILED);

    public enum Status {
        /** No change to deliver yet. */
        WAITING,
        /** A change is queued or being retried. */
        PENDING,
        /** The receiver acknowledged the latest change (a 2xx). */
        DELIVERED,
        /** Given up on the latest change after gateway.callbacks.max-age, or it could not be queued. */
        FAILED,
        /** The receiver answered 410: nothing more is sent for this job. */
        GONE;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A callback as submitted, waiting for its first change; events in status order. */
    public static JobCallback requested(String url, List<JobStatus> events) {
        List<JobStatus> ordered = events.stream().distinct().sorted(Comparator.naturalOrder()).toList();
        return new JobCallback(url, ordered, Status.WAITING, 0, null, null, 0);
    }

    /** After the job changed to {@code status} as change {@code seq}: that change pending, if it is one to deliver. */
    JobCallback changedTo(JobStatus status, long seq) {
        if (this.status == Status.GONE || !events.contains(status)) {
            return this;
        }
        return new JobCallback(url, events, Status.PENDING, 0, null, null, seq);
    }

    /**
     * After an attempt at delivering change {@code seq} ({@code at} null: no attempt now, the last one's time stays);
     * this very callback when a newer change has replaced it (or
     * the delivery was settled already, as when another replica's late attempt reports it again).
     */
    public JobCallback attempted(long seq, Status outcome, int attempts, Instant at, String error) {
        if (seq != eventSeq || status != Status.PENDING) {
            return this;
        }
        return new JobCallback(url, events, outcome, attempts, at == null ? lastAttemptAt : at, error, eventSeq);
    }

    public boolean isPending() {
        return status == Status.PENDING;
    }
}
