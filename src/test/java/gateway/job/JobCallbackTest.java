package gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import gateway.job.JobCallback.Status;

/** A job's callback follows its changes: pending for each change it names, settled per change, ended by a 410. */
class JobCallbackTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final UpscaleParameters PARAMETERS = new UpscaleParameters("https://example.com/a.png", 2, null,
            null, null, null, null, null, null, null, "png");

    @Test
    void onlyTheTerminalChangeIsPendingByDefault() {
        Job job = accepted(JobCallback.TERMINAL_EVENTS);

        Job processing = job.advance(new JobUpdate(JobStatus.PROCESSING, 40, null, null), T0.plusSeconds(1));
        Job completed = processing.advance(completed(), T0.plusSeconds(2));

        assertThat(job.callback().status()).isEqualTo(Status.WAITING);
        assertThat(processing.hasCallbackDue()).isFalse();
        assertThat(completed.hasCallbackDue()).isTrue();
        assertThat(completed.callback().eventSeq()).isEqualTo(completed.seq());
    }

    @Test
    void eachNamedChangeBecomesThePendingOneAfresh() {
        Job processing = accepted(List.of(JobStatus.PROCESSING, JobStatus.COMPLETED))
                .advance(new JobUpdate(JobStatus.PROCESSING, 40, null, null), T0.plusSeconds(1));
        Job retried = processing.withCallback(processing.callback().attempted(processing.seq(), Status.PENDING, 1,
                T0.plusSeconds(2), "answered 500"));

        Job further = retried.advance(new JobUpdate(JobStatus.PROCESSING, 80, null, null), T0.plusSeconds(3));

        assertThat(further.hasCallbackDue()).isTrue();
        assertThat(further.callback().attempts()).isZero();
        assertThat(further.callback().lastError()).isNull();
    }

    @Test
    void aSettledAttemptRaisesTheSeqButNotUpdatedAt() {
        Job completed = accepted(JobCallback.TERMINAL_EVENTS).advance(completed(), T0.plusSeconds(1));

        Job delivered = completed.withCallback(completed.callback().attempted(completed.seq(), Status.DELIVERED, 1,
                T0.plusSeconds(2), null));

        assertThat(delivered.seq()).isEqualTo(completed.seq() + 1);
        assertThat(delivered.updatedAt()).isEqualTo(completed.updatedAt());
        assertThat(delivered.callback().status()).isEqualTo(Status.DELIVERED);
        assertThat(delivered.callback().lastAttemptAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(delivered.hasCallbackDue()).isFalse();
    }

    @Test
    void anAttemptAtAReplacedOrSettledChangeChangesNothing() {
        Job completed = accepted(JobCallback.TERMINAL_EVENTS).advance(completed(), T0.plusSeconds(1));
        JobCallback delivered = completed.callback().attempted(completed.seq(), Status.DELIVERED, 1, T0, null);

        assertThat(completed.callback().attempted(completed.seq() - 1, Status.FAILED, 9, T0, "late"))
                .isSameAs(completed.callback());
        assertThat(delivered.attempted(completed.seq(), Status.PENDING, 2, T0, "late")).isSameAs(delivered);
        assertThat(completed.withCallback(completed.callback())).isSameAs(completed);
    }

    @Test
    void aReceiverThatAnswered410HearsNothingMore() {
        Job processing = accepted(List.of(JobStatus.PROCESSING, JobStatus.COMPLETED))
                .advance(new JobUpdate(JobStatus.PROCESSING, 40, null, null), T0.plusSeconds(1));
        Job gone = processing.withCallback(processing.callback().attempted(processing.seq(), Status.GONE, 1, T0,
                "answered 410 Gone"));

        Job completed = gone.advance(completed(), T0.plusSeconds(2));

        assertThat(completed.hasCallbackDue()).isFalse();
        assertThat(completed.callback().status()).isEqualTo(Status.GONE);
    }

    @Test
    void eventsAreKeptOnceEachInStatusOrder() {
        assertThat(JobCallback.requested("https://h.example/", List.of(JobStatus.FAILED, JobStatus.QUEUED,
                JobStatus.FAILED)).events()).containsExactly(JobStatus.QUEUED, JobStatus.FAILED);
    }

    private static Job accepted(List<JobStatus> events) {
        return Job.accepted("job-1", "acme", PARAMETERS, null, JobCallback.requested("https://h.example/", events),
                "up-1", T0);
    }

    private static JobUpdate completed() {
        return new JobUpdate(JobStatus.COMPLETED, 100, List.of("https://cdn.example.com/a.png"), null);
    }
}
