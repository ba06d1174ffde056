package gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class EmulatedJobsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final EmulatedJobs jobs = new EmulatedJobs(2, new JobTimeline(Duration.ofSeconds(8)));

    @Test
    void evictsTheOldestJobAndItsIdempotencyKeyPastMaxJobs() {
        EmulatedJob first = jobs.register(job("afk_a", "key-1", NOW), NOW);
        jobs.register(job("afk_a", null, NOW.plusSeconds(1)), NOW.plusSeconds(1));
        jobs.register(job("afk_a", null, NOW.plusSeconds(2)), NOW.plusSeconds(2));

        assertThat(jobs.find(first.id(), "afk_a", NOW.plusSeconds(2))).isEmpty();
        assertThat(jobs.findByIdempotencyKey("afk_a", "key-1", NOW.plusSeconds(2))).isEmpty();
    }

    @Test
    void dropsJobsOlderThan24Hours() {
        EmulatedJob old = jobs.register(job("afk_a", "key-1", NOW), NOW);

        assertThat(jobs.find(old.id(), "afk_a", NOW.plus(Duration.ofHours(23)))).contains(old);
        assertThat(jobs.find(old.id(), "afk_a", NOW.plus(Duration.ofHours(24)).plusSeconds(1))).isEmpty();
        assertThat(jobs.findByIdempotencyKey("afk_a", "key-1", NOW.plus(Duration.ofHours(25)))).isEmpty();
    }

    @Test
    void keepsTheFirstJobForAnIdempotencyKeyOfTheSameApiKey() {
        EmulatedJob original = jobs.register(job("afk_a", "key-1", NOW), NOW);

        assertThat(jobs.register(job("afk_a", "key-1", NOW), NOW)).isEqualTo(original);
        assertThat(jobs.register(job("afk_b", "key-1", NOW), NOW)).isNotEqualTo(original);
    }

    @Test
    void hidesAJobFromAnotherApiKey() {
        EmulatedJob job = jobs.register(job("afk_a", null, NOW), NOW);

        assertThat(jobs.find(job.id(), "afk_b", NOW)).isEmpty();
    }

    @Test
    void recordsCompletionAndFailure() {
        EmulatedJob done = jobs.register(job("afk_a", null, NOW), NOW);
        EmulatedJob broken = jobs.register(job("afk_a", null, NOW), NOW);

        jobs.complete(done.id(), NOW.plusSeconds(1));
        jobs.fail(broken.id(), "Upscale failed: boom", NOW.plusSeconds(1));

        assertThat(jobs.find(done.id(), "afk_a", NOW).orElseThrow().finishedAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(jobs.find(broken.id(), "afk_a", NOW).orElseThrow().failure()).isEqualTo("Upscale failed: boom");
    }

    private static EmulatedJob job(String apiKey, String idempotencyKey, Instant at) {
        return EmulatedJob.accepted(new UpscaleSubmission(apiKey, idempotencyKey, new JsonObject(),
                URI.create("https://example.com/a.png"), 2, ImageFormat.PNG), at);
    }
}
