package gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.answerSubmissions;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.TestTenants.asAcme;
import static gateway.support.TestTenants.asGlobex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import gateway.support.InjectWireMock;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The client's Idempotency-Key (contract.md, "Request headers"): replays, conflicts, and a stable upstream key. */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class ClientIdempotencyTest {

    private static final String BODY = "{\"image\":\"https://example.com/a.png\",\"prompt\":\"sharp\",\"metadata\":{\"a\":1,\"b\":2}}";
    private static final String SAME_BODY_REORDERED_WITH_DEFAULTS =
            "{\"metadata\":{\"b\":2,\"a\":1},\"format\":\"png\",\"prompt\":\"sharp\",\"scale\":2,\"image\":\"https://example.com/a.png\"}";

    @InjectWireMock
    WireMockServer wireMock;

    private String key;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        acceptSubmissions(wireMock, UUID.randomUUID().toString());
        key = "order-" + UUID.randomUUID();
    }

    @Test
    void anEquivalentReplayReturnsTheSameJobWithoutReachingApiframe() {
        Response first = submit(asAcme(), key, BODY);
        Response replay = submit(asAcme(), key, SAME_BODY_REORDERED_WITH_DEFAULTS);

        first.then().statusCode(202);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        replay.then().statusCode(202).header("Idempotent-Replayed", "true")
                .header("Location", "/v1/upscales/" + first.path("id"))
                .body("id", equalTo(first.path("id")));
        assertThat(submissions()).hasSize(1);
    }

    @Test
    void aDifferentRequestUnderTheSameKeyIs422() {
        submit(asAcme(), key, BODY).then().statusCode(202);

        submit(asAcme(), key, BODY.replace("sharp", "soft")).then().statusCode(422)
                .contentType("application/problem+json").body("code", equalTo("idempotency_key_reused"));
        assertThat(submissions()).hasSize(1);
    }

    @Test
    void aRequestWhileTheFirstIsStillBeingSubmittedIs409() {
        wireMock.stubFor(post(urlEqualTo(SUBMIT_PATH)).willReturn(
                json(202, "{\"jobId\":\"" + UUID.randomUUID() + "\",\"status\":\"QUEUED\"}").withFixedDelay(1_500)));
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> submit(asAcme(), key, BODY));
        await().atMost(Duration.ofSeconds(5)).until(() -> !submissions().isEmpty());

        submit(asAcme(), key, BODY).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("idempotency_in_progress"));
        first.join().then().statusCode(202);
        assertThat(submissions()).hasSize(1);
    }

    @Test
    void keysAreScopedPerTenant() {
        String acmeJob = submit(asAcme(), key, BODY).then().statusCode(202).extract().path("id");
        String globexJob = submit(asGlobex(), key, BODY).then().statusCode(202).extract().path("id");

        assertThat(globexJob).isNotEqualTo(acmeJob);
        List<LoggedRequest> submissions = submissions();
        assertThat(submissions).hasSize(2);
        assertThat(submissions.get(0).getHeader("Idempotency-Key"))
                .isNotEqualTo(submissions.get(1).getHeader("Idempotency-Key"));
    }

    @Test
    void aFailedSubmissionFreesTheKeyAndTheRetryReusesTheSameUpstreamKey() {
        answerSubmissions(wireMock, json(402, "{\"error\":\"Insufficient credits\",\"creditsRequired\":3,\"creditsAvailable\":0}"));
        submit(asAcme(), key, BODY).then().statusCode(402);

        acceptSubmissions(wireMock, UUID.randomUUID().toString());
        submit(asAcme(), key, BODY).then().statusCode(202);

        List<LoggedRequest> submissions = submissions();
        assertThat(submissions).hasSize(2);
        // derived from tenant and client key, so even a gateway restart cannot make Apiframe create a second job
        assertThat(submissions.get(1).getHeader("Idempotency-Key"))
                .isEqualTo(submissions.get(0).getHeader("Idempotency-Key"))
                .isNotEqualTo(key);
    }

    @Test
    void aMalformedKeyIs400() {
        submit(asAcme(), "k".repeat(256), BODY).then().statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
        submit(asAcme(), "has spaces in it", BODY).then().statusCode(400);
        assertThat(submissions()).isEmpty();
    }

    private List<LoggedRequest> submissions() {
        return wireMock.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH)));
    }

    private static Response submit(RequestSpecification as, String idempotencyKey, String body) {
        return as.header("Idempotency-Key", idempotencyKey).contentType(ContentType.JSON).body(body)
                .post("/v1/upscales");
    }
}
