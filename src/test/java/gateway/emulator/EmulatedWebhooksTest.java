package gateway.emulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;

/**
 * The emulator's webhooks on their own, without Quarkus, against a WireMock receiver: which events go out, in which
 * order, how failures are retried, and each way {@code webhook-faults} and {@code webhook-delay} make them misbehave.
 */
class EmulatedWebhooksTest {

    private static final String API_KEY = "afk_webhook_test_key";
    private static final String RESULT_URL = "http://localhost/emulator/cdn/result.png";
    private static final WebhookRetryPolicy QUICK_RETRIES =
            new WebhookRetryPolicy(Duration.ofMillis(500), 3, Duration.ofMillis(20), Duration.ofMillis(100));
    private static final WebhookFaults NO_FAULTS = new WebhookFaults(0, List.of());
    private static final Duration JOB_DURATION = Duration.ofMillis(300);
    private static final WebhookReceiver receiver = new WebhookReceiver();
    private static Vertx vertx;

    private final EmulatedJobs jobs = new EmulatedJobs(100, new JobTimeline(JOB_DURATION));
    private WebhookSender sender;

    @BeforeAll
    static void start() {
        receiver.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        receiver.stop();
        vertx.closeAndAwait();
    }

    @BeforeEach
    void resetReceiver() {
        receiver.reset();
        sender = new WebhookSender(vertx, QUICK_RETRIES);
    }

    @AfterEach
    void closeSender() {
        sender.close();
    }

    @Test
    void sendsAProgressForEachChangeOfTheRunningJobThenCompleted() {
        EmulatedWebhooks webhooks = webhooks(Duration.ZERO, NO_FAULTS, 100);
        String path = receiver.newPath();
        EmulatedJob job = submit(webhooks, path, null);
        assertThat(webhookStatus(job)).isEqualTo(WebhookStatus.PENDING);

        finishUpscale(webhooks, job);
        awaitWebhookStatus(job, WebhookStatus.DELIVERED);

        List<WebhookReceiver.Received> received = receiver.received(path);
        List<JsonObject> progress = received.subList(0, received.size() - 1).stream().map(WebhookReceiver.Received::json).toList();
        assertThat(received.get(received.size() - 1).event()).isEqualTo("completed");
        assertThat(progress).isNotEmpty().allSatisfy(body -> {
            assertThat(body.getString("event")).isEqualTo("progress");
            assertThat(body.getString("status")).isEqualTo("PROCESSING");
        });
        assertThat(progress.get(0).getInteger("progress")).isZero();
        assertThat(progress.stream().map(body -> body.getInteger("progress")).toList())
                .isSorted().doesNotHaveDuplicates().allSatisfy(percent -> assertThat(percent).isBetween(0, 99));
        assertThat(received).allSatisfy(webhook -> {
            assertThat(webhook.event()).isEqualTo(webhook.json().getString("event"));
            assertThat(webhook.isSignedWith(API_KEY)).isTrue();
        });
    }

    @Test
    void sendsOnlyCompletedWhenOnlyCompletedIsAsked() {
        EmulatedWebhooks webhooks = webhooks(Duration.ZERO, NO_FAULTS, 100);
        String path = receiver.newPath();
        EmulatedJob job = submit(webhooks, path, new JsonArray().add("completed"));

        finishUpscale(webhooks, job);
        awaitWebhookStatus(job, WebhookStatus.DELIVERED);

        assertThat(receiver.events(path)).containsExactly("completed");
    }

    @Test
    void sendsNoCompletedWhenOnlyProgressAndFailedAreAsked() {
        EmulatedWebhooks webhooks = webhooks(Duration.ZERO, NO_FAULTS, 100);
        String path = receiver.newPath();
        EmulatedJob job = submit(webhooks, path, new JsonArray().add("progress").add("failed"));

        finishUpscale(webhooks, job);
        awaitWebhookStatus(job, WebhookStatus.DELIVERED);

        assertThat(receiver.events(path)).isNotEmpty().containsOnly("progress");
    }

    @Test
    void reportsAFailedUpscaleWithItsErrorAndRefund() {
        EmulatedWebhooks webhooks = webhooks(Duration.ZERO, NO_FAULTS, 100);
        String path = receiver.newPath();
        EmulatedJob job = submit(webhooks, path, new JsonArray().add("failed"));

        failUpscale(webhooks, job, "Upscale failed: out of memory");
        awaitWebhookStatus(job, WebhookStatus.DELIVERED);

        List<WebhookReceiver.Received> received = receiver.received(path);
        assertThat(received).hasSize(1);
        JsonObject body = received.get(0).json();
        assertThat(body.fieldNames()).containsExactly("event", "jobId", "status", "error", "model", "creditCost", "completedAt");
        assertThat(body.getString("event")).isEqualTo("failed");
        assertThat(body.getString("jobId")).isEqualTo(job.id().toString());
        assertThat(body.getString("status")).isEqualTo("FAILED");
        assertThat(body.getString("error")).isEqualTo("Upscale failed: out of memory");
        assertThat(body.getString("model")).isEqualTo("clarity-upscale");
        assertThat(body.getInteger("creditCost")).isZero();
        assertThat(Instant.parse(body.getString("completedAt"))).isBeforeOrEqualTo(Instant.now());
        assertThat(received.get(0).isSignedWith(API_KEY)).isTrue();
    }

    @Test
    void retriesA500WithTheSameBodyAndSignature() {
        EmulatedWebhooks webhooks = webhooks(Duration.ZERO, NO_FAULTS, 100);
        String path = receiver.newPath();
        receiver.wireMock().stubFor(post(urlEqualTo(path)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        receiver.wireMock().stubFor(post(urlEqualTo(path)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));
        EmulatedJob job = submit(webhooks, path, new JsonArray().add("completed"));

        finishUpscale(webhooks, job);
        awaitWebhookStatus(job, WebhookStatus.DELIVERED);

        List<WebhookReceiver.Received> received = receiver.received(path);
        assertThat(received).hasSize(2);
        assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
        assertThat(received.get(1).signature()).isEqualTo(received.get(0).signature());
    }

    @Test
    void followsNoRedirectAndGivesUpAfterTheRetries() {
        EmulatedWebhooks webhooks = webhooks(Duration.ZERO, NO_FAULTS, 100);
        String path = receiver.newPath();
        String target = receiver.newPath();
        // a 303 is the redirect an HTTP client would follow for a POST (as a GET), had it been told to
        receiver.wireMock().stubFor(post(urlEqualTo(path))
                .willReturn(aResponse().withStatus(303).withHeader("Location", receiver.url(target))));
        EmulatedJob job = submit(webhooks, path, new JsonArray().add("completed"));

        finishUpscale(webhooks, job);
        awaitWebhookStatus(job, WebhookStatus.FAILED);

        assertThat(receiver.received(path)).hasSize(1 + QUICK_RETRIES.retries());
        assertThat(receiver.wireMock().findAll(anyRequestedFor(urlEqualTo(target)))).isEmpty();
    }

    @Test
    void givesUpOnAReceiverThatAnswersAfterTheDeadline() {
        EmulatedWebhooks webhooks = webhooks(Duration.ZERO, NO_FAULTS, 100);
        String path = receiver.newPath();
        receiver.wireMock().stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)
                .withFixedDelay((int) QUICK_RETRIES.attemptDeadline().multipliedBy(2).toMillis())));
        EmulatedJob job = submit(webhooks, path, new JsonArray().add("completed"));
        Instant finished = finishUpscale(webhooks, job);

        awaitWebhookStatus(job, WebhookStatus.FAILED);

        // each attempt was cut at its deadline, not left to the receiver's pace
        assertThat(Duration.between(finished, Instant.now()))
                .isLessThan(QUICK_RETRIES.attemptDeadline().multipliedBy(2L * (1 + QUICK_RETRIES.retries())));
    }

    @Test
    void dropsWebhooksBeyondThePendingCapAndMarksTheirJobFailed() {
        EmulatedWebhooks webhooks = webhooks(Duration.ZERO, NO_FAULTS, 1);
        String slowPath = receiver.newPath();
        receiver.wireMock().stubFor(post(urlEqualTo(slowPath)).willReturn(aResponse().withStatus(204).withFixedDelay(300)));
        String otherPath = receiver.newPath();
        EmulatedJob holdingTheSlot = submit(webhooks, slowPath, new JsonArray().add("failed"));
        EmulatedJob dropped = submit(webhooks, otherPath, new JsonArray().add("failed"));

        failUpscale(webhooks, holdingTheSlot, "Upscale failed: first");
        failUpscale(webhooks, dropped, "Upscale failed: second");

        assertThat(webhookStatus(dropped)).isEqualTo(WebhookStatus.FAILED);
        awaitWebhookStatus(holdingTheSlot, WebhookStatus.DELIVERED);
        assertThat(receiver.received(otherPath)).isEmpty();
    }

    @Test
    void aForgedFaultSendsAFailedClaimUnderAWrongKeyBeforeTheGenuineWebhook() {
        EmulatedWebhooks webhooks = webhooks(Duration.ZERO, new WebhookFaults(1, List.of(WebhookFault.FORGED)), 100);
        String path = receiver.newPath();
        EmulatedJob job = submit(webhooks, path, new JsonArray().add("completed"));

        finishUpscale(webhooks, job);
        awaitWebhookStatus(job, WebhookStatus.DELIVERED);

        List<WebhookReceiver.Received> received = receiver.received(path);
        assertThat(received).extracting(WebhookReceiver.Received::event).containsExactly("failed", "completed");
        WebhookReceiver.Received forged = received.get(0);
        assertThat(forged.signature()).matches("sha256=[0-9a-f]{64}");
        assertThat(forged.isSignedWith(API_KEY)).isFalse();
        assertThat(forged.json().getString("jobId")).isEqualTo(job.id().toString());
        assertThat(forged.json().getString("status")).isEqualTo("FAILED");
        assertThat(received.get(1).isSignedWith(API_KEY)).isTrue();
    }

    @Test
    void aReplayedFaultSendsTheSameDeliveryTwiceByteForByte() {
        EmulatedWebhooks webhooks = webhooks(Duration.ZERO, new WebhookFaults(1, List.of(WebhookFault.REPLAYED)), 100);
        String path = receiver.newPath();
        EmulatedJob job = submit(webhooks, path, new JsonArray().add("completed"));

        finishUpscale(webhooks, job);
        awaitWebhookStatus(job, WebhookStatus.DELIVERED);

        List<WebhookReceiver.Received> received = receiver.received(path);
        assertThat(received).extracting(WebhookReceiver.Received::event).containsExactly("completed", "completed");
        assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
        assertThat(received.get(1).signature()).isEqualTo(received.get(0).signature());
        assertThat(received.get(1).isSignedWith(API_KEY)).isTrue();
    }

    @Test
    void anOutOfOrderFaultSendsAProgressAfterCompleted() {
        EmulatedWebhooks webhooks = webhooks(Duration.ZERO, new WebhookFaults(1, List.of(WebhookFault.OUT_OF_ORDER)), 100);
        String path = receiver.newPath();
        EmulatedJob job = submit(webhooks, path, new JsonArray().add("completed"));

        finishUpscale(webhooks, job);
        awaitWebhookStatus(job, WebhookStatus.DELIVERED);

        List<WebhookReceiver.Received> received = receiver.received(path);
        assertThat(received).extracting(WebhookReceiver.Received::event).containsExactly("completed", "progress");
        JsonObject late = received.get(1).json();
        assertThat(late.getString("status")).isEqualTo("PROCESSING");
        assertThat(late.getInteger("progress")).isLessThan(100);
        assertThat(late.containsKey("completedAt")).isFalse();
        assertThat(received.get(1).isSignedWith(API_KEY)).isTrue();
    }

    @Test
    void aDelaySendsEachWebhookThatLongAfterTheChangeItReports() {
        Duration delay = Duration.ofMillis(400);
        EmulatedWebhooks webhooks = webhooks(delay, NO_FAULTS, 100);
        String path = receiver.newPath();
        EmulatedJob job = submit(webhooks, path, new JsonArray().add("completed"));

        finishUpscale(webhooks, job);
        awaitWebhookStatus(job, WebhookStatus.DELIVERED);

        WebhookReceiver.Received completed = receiver.received(path).get(0);
        Instant completedAt = Instant.parse(completed.json().getString("completedAt"));
        assertThat(Duration.between(completedAt, completed.receivedAt())).isGreaterThanOrEqualTo(delay);
    }

    private EmulatedWebhooks webhooks(Duration delay, WebhookFaults faults, int maxPendingDeliveries) {
        return new EmulatedWebhooks(vertx, jobs, sender, delay, faults, maxPendingDeliveries);
    }

    private EmulatedJob submit(EmulatedWebhooks webhooks, String path, JsonArray events) {
        JsonObject request = EmulatorCalls.upscaleRequest("https://images.example.com/a.png", 2, null)
                .put("webhookUrl", receiver.url(path));
        if (events != null) {
            request.put("webhookEvents", events);
        }
        Instant now = Instant.now();
        EmulatedJob job = jobs.register(EmulatedJob.accepted(
                new UpscaleSubmission(API_KEY, null, request, URI.create("https://images.example.com/a.png"), 2, ImageFormat.PNG),
                now), now);
        webhooks.follow(job, RESULT_URL);
        return job;
    }

    /** The result is stored: the job completes when its duration has passed. */
    private Instant finishUpscale(EmulatedWebhooks webhooks, EmulatedJob job) {
        Instant now = Instant.now();
        jobs.complete(job.id(), now);
        webhooks.upscaleEnded(job.id());
        return now;
    }

    private void failUpscale(EmulatedWebhooks webhooks, EmulatedJob job, String reason) {
        jobs.fail(job.id(), reason, Instant.now());
        webhooks.upscaleEnded(job.id());
    }

    private WebhookStatus webhookStatus(EmulatedJob job) {
        return jobs.find(job.id(), API_KEY, Instant.now()).orElseThrow().webhookStatus();
    }

    private void awaitWebhookStatus(EmulatedJob job, WebhookStatus status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> webhookStatus(job) == status);
    }
}
