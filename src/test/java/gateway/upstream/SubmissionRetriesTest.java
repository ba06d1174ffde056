package gateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.jobPath;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.ApiframeStubs.submissionSequence;
import static gateway.support.ApiframeStubs.pollSequence;
import static gateway.support.JobRequests.postAsAcme;
import static gateway.support.TestTenants.asAcme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import gateway.support.InjectWireMock;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Submission retries (contract.md, "Limits"): transient failures are retried under one Idempotency-Key, others not. */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class SubmissionRetriesTest {

    @InjectWireMock
    WireMockServer wireMock;

    private String upstreamId;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        upstreamId = UUID.randomUUID().toString();
        pollSequence(wireMock, upstreamId, job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/r.png\"", null));
    }

    @Test
    void retriesA503AndA502WithTheSameIdempotencyKey() {
        submissionSequence(wireMock, json(503, "{\"error\":\"queue down\"}"), json(502, "bad gateway"), accepted());

        String jobId = postAsAcme().then().statusCode(202).extract().path("id");

        List<LoggedRequest> attempts = attempts();
        assertThat(attempts).hasSize(3);
        assertThat(attempts).extracting(request -> request.getHeader("Idempotency-Key")).containsOnly(
                attempts.get(0).getHeader("Idempotency-Key"));
        awaitCompleted(jobId);
    }

    @Test
    void waitsAsLongAsRetryAfterSaysBeforeTheNextAttempt() {
        submissionSequence(wireMock, json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "2"), accepted());

        postAsAcme().then().statusCode(202);

        List<LoggedRequest> attempts = attempts();
        assertThat(attempts).hasSize(2);
        long gap = attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime();
        assertThat(gap).isBetween(2_000L, 3_500L);
    }

    @Test
    void retriesAfterAConnectionReset() {
        submissionSequence(wireMock, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), accepted());

        postAsAcme().then().statusCode(202);

        assertThat(attempts()).hasSize(2);
    }

    @Test
    void aRetryAfterTheAnswerWasLostReturnsTheJobApiframeAlreadyCreated() {
        // Apiframe creates the job on the first attempt but the answer is lost (a 503 from a proxy in front of it);
        // it replays the same job for the same Idempotency-Key, so the upstream holds exactly one job
        submissionSequence(wireMock, json(503, "{\"error\":\"upstream connect error\"}"), accepted());

        String jobId = postAsAcme().then().statusCode(202).extract().path("id");

        assertOneUpstreamJobFor(jobId);
    }

    @Test
    void aRetryAfterAReadTimeoutReturnsTheJobApiframeAlreadyCreated() {
        submissionSequence(wireMock, accepted().withFixedDelay(2_500), accepted());

        String jobId = postAsAcme().then().statusCode(202).extract().path("id");

        assertOneUpstreamJobFor(jobId);
    }

    @Test
    void neverRetriesARefusal() {
        for (int status : new int[] { 400, 401, 402, 403, 404 }) {
            wireMock.resetAll();
            submissionSequence(wireMock, json(status, "{\"error\":\"refused\"}"));

            postAsAcme();

            assertThat(attempts()).as("attempts after HTTP %d", status).hasSize(1);
        }
    }

    @Test
    void givesUpAfterTheAttemptBudgetWith503AndRetryAfter() {
        submissionSequence(wireMock, json(503, "{\"error\":\"down\"}"));

        postAsAcme().then().statusCode(503).body("code", equalTo("upstream_unavailable"))
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9]\\d*"));

        assertThat(attempts()).hasSize(5);
        assertThat(attempts()).extracting(request -> request.getHeader("Idempotency-Key")).containsOnly(
                attempts().get(0).getHeader("Idempotency-Key"));
    }

    @Test
    void eachSubmissionHasItsOwnIdempotencyKey() {
        submissionSequence(wireMock, accepted());

        postAsAcme().then().statusCode(202);
        postAsAcme().then().statusCode(202);

        assertThat(attempts()).extracting(request -> request.getHeader("Idempotency-Key")).doesNotHaveDuplicates();
    }

    private void assertOneUpstreamJobFor(String jobId) {
        List<LoggedRequest> attempts = attempts();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1).getHeader("Idempotency-Key")).isEqualTo(attempts.get(0).getHeader("Idempotency-Key"));
        awaitCompleted(jobId);
        assertThat(wireMock.findAll(getRequestedFor(urlEqualTo(jobPath(upstreamId))))).isNotEmpty();
    }

    private void awaitCompleted(String jobId) {
        await().atMost(Duration.ofSeconds(10)).until(
                () -> asAcme().get("/v1/upscales/" + jobId).path("status").equals("completed"));
    }

    private ResponseDefinitionBuilder accepted() {
        return json(202, "{\"jobId\":\"" + upstreamId + "\",\"status\":\"QUEUED\"}");
    }

    private List<LoggedRequest> attempts() {
        return wireMock.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH)));
    }
}
