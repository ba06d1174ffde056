package gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class JobTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);

    private final Job queued = Job.accepted("job-1", "acme",
            new UpscaleParameters("https://example.com/a.png", 2, null, null, null, null, null, null, null, null, "png"),
            null, null, "up-1", T0);

    @Test
    void eachChangeBumpsTheSequenceOnce() {
        Job processing = queued.advance(new JobUpdate(JobStatus.PROCESSING, 10, null, null), T1);
        Job further = processing.advance(new JobUpdate(JobStatus.PROCESSING, 40, null, null), T1);

        assertThat(queued.seq()).isEqualTo(1);
        assertThat(processing.seq()).isEqualTo(2);
        assertThat(further.seq()).isEqualTo(3);
        assertThat(further.progress()).isEqualTo(40);
        assertThat(further.updatedAt()).isEqualTo(T1);
    }

    @Test
    void repeatingTheKnownStateChangesNothing() {
        Job processing = queued.advance(new JobUpdate(JobStatus.PROCESSING, 10, null, null), T1);

        assertThat(processing.advance(new JobUpdate(JobStatus.PROCESSING, 10, null, null), T1)).isSameAs(processing);
        assertThat(processing.advance(new JobUpdate(JobStatus.PROCESSING, null, null, null), T1)).isSameAs(processing);
    }

    @Test
    void neverMovesBackwards() {
        Job processing = queued.advance(new JobUpdate(JobStatus.PROCESSING, 50, null, null), T1);

        assertThat(processing.advance(JobUpdate.queued(), T1)).isSameAs(processing);
        assertThat(processing.advance(new JobUpdate(JobStatus.PROCESSING, 20, null, null), T1)).isSameAs(processing);
    }

    @Test
    void terminalStatesAreFinal() {
        Job completed = queued.advance(new JobUpdate(JobStatus.COMPLETED, null, List.of("https://cdn/x.png"), null),
                T1);

        assertThat(completed.progress()).isEqualTo(100);
        assertThat(completed.completedAt()).isEqualTo(T1);
        assertThat(completed.advance(JobUpdate.failed(JobError.TIMEOUT, "late"), T1)).isSameAs(completed);
    }
}
