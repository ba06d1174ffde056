package gateway.job;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.jobPath;
import static gateway.support.ApiframeStubs.keepProcessing;
import static gateway.support.ApiframeStubs.polls;
import static gateway.support.SignedWebhooks.deliver;
import static gateway.support.SignedWebhooks.progress;
import static gateway.support.TestTenants.ACME_APIFRAME_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Polling as the safety net of webhooks: with submissions asking for webhooks, a job is polled only after
 * {@code gateway.polling.webhook-grace} without news, then on the usual schedule, and each change a webhook brings
 * pushes its next poll a grace away. WireMock plays an Apiframe whose webhooks never come (unless the test sends one).
 */
@QuarkusTest
@TestProfile(WebhookGraceTest.ShortGrace.class)
class WebhookGraceTest {

    static final Duration GRACE = Duration.ofSeconds(2);

    public static class ShortGrace extends WireMockProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("gateway.public-base-url", "https://gateway.example.com");
            overrides.put("gateway.polling.webhook-grace", GRACE.toMillis() + "ms");
            overrides.put("gateway.jobs.timeout", "60s");
            return overrides;
        }
    }

    @InjectWireMock
    WireMockServer wireMock;

    private String upstreamId;

    @BeforeEach
    void acceptOneJob() {
        wireMock.resetAll();
        upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(wireMock, upstreamId);
        keepProcessing(wireMock, upstreamId);
    }

    @Test
    void aJobIsFirstPolledAfterTheGraceWithoutNewsThenOnTheUsualSchedule() {
        Instant submitted = Instant.now();
        JobRequests.submitAsAcme();

        // the usual schedule from there: 100 ms, growing to 300 ms (the test profile's polling)
        await().atMost(GRACE.plusSeconds(5)).until(() -> polls(wireMock, upstreamId) >= 4);

        assertThat(firstPoll()).isAfterOrEqualTo(submitted.plus(GRACE));
    }

    @Test
    void eachChangeAWebhookBringsPushesTheNextPollAGraceAway() {
        String jobId = JobRequests.submitAsAcme();
        // a false condition starts the wait over: a poll in the grace's first half would time it out
        await().during(GRACE.dividedBy(2)).atMost(GRACE.multipliedBy(2))
                .until(() -> polls(wireMock, upstreamId) == 0);

        Instant heard = Instant.now();
        deliver("acme", jobId, progress(upstreamId, "PROCESSING", 20), ACME_APIFRAME_KEY).then().statusCode(204);

        await().atMost(GRACE.plusSeconds(5)).until(() -> polls(wireMock, upstreamId) >= 1);
        assertThat(firstPoll()).as("past the grace from the submission, the first poll").isAfterOrEqualTo(
                heard.plus(GRACE));
    }

    @Test
    void aWebhookThatChangesNothingIsNoNewsSoAReplayCannotHoldPollingOff() {
        String jobId = JobRequests.submitAsAcme();
        String processing = progress(upstreamId, "PROCESSING", 20);
        Instant heard = Instant.now();
        deliver("acme", jobId, processing, ACME_APIFRAME_KEY).then().statusCode(204);
        await().during(GRACE.dividedBy(2)).atMost(GRACE.multipliedBy(2))
                .until(() -> polls(wireMock, upstreamId) == 0);

        deliver("acme", jobId, processing, ACME_APIFRAME_KEY).then().statusCode(204);

        await().atMost(GRACE.plusSeconds(5)).until(() -> polls(wireMock, upstreamId) >= 1);
        assertThat(firstPoll()).isAfterOrEqualTo(heard.plus(GRACE))
                .isBefore(heard.plus(GRACE).plus(GRACE.dividedBy(2)));
    }

    private Instant firstPoll() {
        return wireMock.findAll(getRequestedFor(urlEqualTo(jobPath(upstreamId)))).get(0).getLoggedDate().toInstant();
    }
}
