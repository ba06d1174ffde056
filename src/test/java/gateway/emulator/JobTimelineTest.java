package gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class JobTimelineTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private final JobTimeline timeline = new JobTimeline(Duration.ofSeconds(10));
    private final EmulatedJob job = EmulatedJob.accepted(
            new UpscaleSubmission("afk_key", null, new JsonObject(), URI.create("https://example.com/a.png"), 2, ImageFormat.PNG),
            CREATED);

    @Test
    void isQueuedForTheFirstFifthOfTheDuration() {
        assertThat(timeline.at(job, CREATED.plusMillis(1_999))).isEqualTo(new JobState(JobStatus.QUEUED, 0, null));
    }

    @Test
    void processesWithProgressGrowingWithTime() {
        assertThat(timeline.at(job, CREATED.plusSeconds(2))).isEqualTo(new JobState(JobStatus.PROCESSING, 0, null));
        assertThat(timeline.at(job, CREATED.plusSeconds(6))).isEqualTo(new JobState(JobStatus.PROCESSING, 50, null));
    }

    @Test
    void staysAt99UntilTheResultExists() {
        assertThat(timeline.at(job, CREATED.plusSeconds(60))).isEqualTo(new JobState(JobStatus.PROCESSING, 99, null));
    }

    @Test
    void completesAtTheDurationWhenTheResultWasReadyEarlier() {
        EmulatedJob finished = job.completed(CREATED.plusSeconds(1));

        assertThat(timeline.at(finished, CREATED.plusSeconds(9))).isEqualTo(new JobState(JobStatus.PROCESSING, 87, null));
        JobState completed = timeline.at(finished, CREATED.plusSeconds(10));
        assertThat(completed).isEqualTo(new JobState(JobStatus.COMPLETED, 100, CREATED.plusSeconds(10)));
        assertThat(completed.creditCost()).isEqualTo(3);
    }

    @Test
    void completesWhenALateResultArrives() {
        EmulatedJob late = job.completed(CREATED.plusSeconds(15));

        assertThat(timeline.at(late, CREATED.plusSeconds(20))).isEqualTo(new JobState(JobStatus.COMPLETED, 100, CREATED.plusSeconds(15)));
    }

    @Test
    void failsAsSoonAsTheUpscaleFailedAndRefundsTheCredits() {
        EmulatedJob failed = job.failed("Upscale failed: out of memory", CREATED.plusSeconds(3));

        JobState state = timeline.at(failed, CREATED.plusSeconds(4));
        assertThat(state).isEqualTo(new JobState(JobStatus.FAILED, null, CREATED.plusSeconds(3)));
        assertThat(state.creditCost()).isZero();
        assertThat(failed.toJson(state, "unused", false).getString("error")).isEqualTo("Upscale failed: out of memory");
    }

    @Test
    void nextChangesWhenProcessingStarts() {
        assertThat(timeline.nextChange(job, CREATED.plusMillis(500))).contains(CREATED.plusSeconds(2));
    }

    @Test
    void nextChangesAtTheFirstMillisecondOfTheNextPercent() {
        Instant next = timeline.nextChange(job, CREATED.plusSeconds(6)).orElseThrow();

        assertThat(next).isEqualTo(CREATED.plusMillis(6_080));
        assertThat(timeline.at(job, next.minusMillis(1)).progress()).isEqualTo(50);
        assertThat(timeline.at(job, next).progress()).isEqualTo(51);
    }

    @Test
    void nextChangesOnlyWhenTheResultArrivesOnceAt99() {
        assertThat(timeline.nextChange(job, CREATED.plusMillis(9_950))).isEmpty();
        assertThat(timeline.nextChange(job, CREATED.plusSeconds(60))).isEmpty();
    }

    @Test
    void nextChangesAtTheDurationWhenTheResultIsReadyAt99() {
        EmulatedJob finished = job.completed(CREATED.plusSeconds(1));

        assertThat(timeline.nextChange(finished, CREATED.plusMillis(9_950))).contains(CREATED.plusSeconds(10));
    }

    @Test
    void neverChangesAgainOnceEnded() {
        assertThat(timeline.nextChange(job.completed(CREATED.plusSeconds(1)), CREATED.plusSeconds(10))).isEmpty();
        assertThat(timeline.nextChange(job.failed("Upscale failed: boom", CREATED.plusSeconds(3)), CREATED.plusSeconds(3))).isEmpty();
    }
}
