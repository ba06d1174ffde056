package gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.keepProcessing;
import static gateway.support.ApiframeStubs.polls;
import static gateway.support.SignedWebhooks.completed;
import static gateway.support.SignedWebhooks.deliver;
import static gateway.support.SignedWebhooks.failed;
import static gateway.support.SignedWebhooks.forgedSignature;
import static gateway.support.SignedWebhooks.path;
import static gateway.support.SignedWebhooks.progress;
import static gateway.support.SignedWebhooks.signature;
import static gateway.support.TestTenants.ACME_APIFRAME_KEY;
import static gateway.support.TestTenants.GLOBEX_APIFRAME_KEY;
import static gateway.support.TestTenants.asAcme;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.LogCapture;
import gateway.support.RawHttp;
import gateway.support.ScrapedMetrics;
import gateway.support.SignedWebhooks;
import gateway.support.SseClient;
import gateway.support.SseClient.Event;
import gateway.support.TestTenants;
import gateway.support.WireMockProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Apiframe's webhooks on {@code POST /webhooks/apiframe/{tenant}/{job}} (contract.md, "Apiframe's callback"), with
 * WireMock as Apiframe: it accepts submissions and would answer polls, but sends no webhook, so every webhook here is
 * the test's own, signed as Apiframe signs them. The grace is longer than any test, so WireMock sees no poll.
 */
@QuarkusTest
@TestProfile(ApiframeWebhookTest.Subscribed.class)
class ApiframeWebhookTest {

    static final String BASE_URL = "https://gateway.example.com/edge";

    public static class Subscribed extends WireMockProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("gateway.public-base-url", BASE_URL + "/"); // a trailing slash is not doubled
            return overrides;
        }
    }

    @InjectWireMock
    WireMockServer wireMock;

    @TestHTTPResource("/")
    URI gateway;

    private String upstreamId;

    @BeforeEach
    void acceptOneJob() {
        wireMock.resetAll();
        upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(wireMock, upstreamId);
        keepProcessing(wireMock, upstreamId);
    }

    @Test
    void everySubmissionAsksForItsJobsWebhooksAtItsOwnPath() {
        String jobId = JobRequests.submitAsAcme();

        String submitted = wireMock.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH))).get(0).getBodyAsString();
        JsonPath body = new JsonPath(submitted);
        assertThat(body.getString("webhookUrl")).isEqualTo(BASE_URL + "/webhooks/apiframe/acme/" + jobId);
        assertThat(body.getList("webhookEvents")).containsExactly("progress", "completed", "failed");
        assertThat(body.getMap("")).containsOnlyKeys("model", "clarityUpscaleParams", "webhookUrl", "webhookEvents");
        assertThat(body.getString("clarityUpscaleParams.image")).isEqualTo(JobRequests.IMAGE);
    }

    @Test
    void aSignedWebhookMovesTheJobAndAnOpenStreamSeesIt() {
        String jobId = JobRequests.submitAsAcme();
        SseClient stream = SseClient.open(gateway + "v1/upscales/" + jobId + "/events", TestTenants.ACME_KEY, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> !stream.events().isEmpty());

        deliver("acme", jobId, progress(upstreamId, "PROCESSING", 40), ACME_APIFRAME_KEY).then().statusCode(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> names(stream).contains("processing"));
        deliver("acme", jobId, completed(upstreamId, "https://cdn.example.com/hook.png"), ACME_APIFRAME_KEY)
                .then().statusCode(204);

        await().atMost(Duration.ofSeconds(5)).until(stream::hasEnded);
        assertThat(names(stream)).containsExactly("queued", "processing", "completed");
        assertThat(new JsonPath(stream.events().get(1).data()).getInt("progress")).isEqualTo(40);
        JsonPath job = asAcme().get("/v1/upscales/" + jobId).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("status")).isEqualTo("completed");
        assertThat(job.getList("result.images")).containsExactly("https://cdn.example.com/hook.png");
        assertThat(polls(wireMock, upstreamId)).isZero();
    }

    @Test
    void aFailedWebhookFailsTheJobWithApiframesMessage() {
        String jobId = JobRequests.submitAsAcme();

        deliver("acme", jobId, failed(upstreamId, "Upscale failed: out of memory"), ACME_APIFRAME_KEY)
                .then().statusCode(204);

        JsonPath job = asAcme().get("/v1/upscales/" + jobId).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error.code")).isEqualTo("upstream_failed");
        assertThat(job.getString("error.message")).isEqualTo("Upscale failed: out of memory");
    }

    /** A webhook the gateway must not believe, for the job {@code jobId} whose Apiframe job is {@code upstreamId}. */
    interface Forgery {
        Response send(String jobId, String upstreamId);
    }

    static Stream<Arguments> forgeries() {
        return Stream.of(
                Arguments.of("a forged signature", 401, "bad_signature", (Forgery) (jobId, upstreamId) -> {
                    String body = completed(upstreamId, "https://evil.example.com/x.png");
                    return SignedWebhooks.post(given(), path("acme", jobId), body, forgedSignature(body));
                }),
                Arguments.of("no signature", 401, "bad_signature", (Forgery) (jobId, upstreamId) ->
                        SignedWebhooks.post(given(), path("acme", jobId), completed(upstreamId, "https://x.example/x"),
                                null)),
                Arguments.of("a signature that is not hex", 401, "bad_signature", (Forgery) (jobId, upstreamId) ->
                        SignedWebhooks.post(given(), path("acme", jobId), completed(upstreamId, "https://x.example/x"),
                                "sha256=" + "zz".repeat(32))),
                Arguments.of("another tenant's key", 401, "bad_signature", (Forgery) (jobId, upstreamId) ->
                        deliver("acme", jobId, completed(upstreamId, "https://x.example/x"), GLOBEX_APIFRAME_KEY)),
                Arguments.of("the job under another tenant", 401, "unknown_job", (Forgery) (jobId, upstreamId) ->
                        deliver("globex", jobId, completed(upstreamId, "https://x.example/x"), GLOBEX_APIFRAME_KEY)),
                Arguments.of("an unknown job", 401, "unknown_job", (Forgery) (jobId, upstreamId) ->
                        deliver("acme", "AAAAAAAAAAAAAAAAAAAAAA", completed(upstreamId, "https://x.example/x"),
                                ACME_APIFRAME_KEY)),
                Arguments.of("an unknown tenant", 401, "unknown_job", (Forgery) (jobId, upstreamId) ->
                        deliver("nobody", jobId, completed(upstreamId, "https://x.example/x"), ACME_APIFRAME_KEY)),
                Arguments.of("another Apiframe job's webhook", 401, "wrong_job", (Forgery) (jobId, upstreamId) ->
                        deliver("acme", jobId, completed(UUID.randomUUID().toString(), "https://x.example/x"),
                                ACME_APIFRAME_KEY)),
                Arguments.of("a signed body that is not JSON", 400, "malformed", (Forgery) (jobId, upstreamId) ->
                        deliver("acme", jobId, "event=completed&jobId=" + upstreamId, ACME_APIFRAME_KEY)),
                Arguments.of("a signed body of another shape", 400, "malformed", (Forgery) (jobId, upstreamId) ->
                        deliver("acme", jobId, "{\"id\":\"" + upstreamId + "\",\"status\":\"COMPLETED\"}",
                                ACME_APIFRAME_KEY)),
                Arguments.of("a signed body with an unknown status", 400, "malformed", (Forgery) (jobId, upstreamId) ->
                        deliver("acme", jobId, progress(upstreamId, "PAUSED", 5), ACME_APIFRAME_KEY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void aWebhookThatIsNotProvenApiframesChangesNothingAndSaysNothing(String forgery, int status, String outcome,
            Forgery webhook) {
        String jobId = JobRequests.submitAsAcme();
        String before = asAcme().get("/v1/upscales/" + jobId).then().statusCode(200).extract().asString();
        double counted = ScrapedMetrics.value("gateway_webhooks_received_total{outcome=\"" + outcome + "\"}");
        int upstreamCalls = wireMock.getAllServeEvents().size();

        Response answer;
        List<String> warnings;
        List<String> lines;
        try (LogCapture logs = LogCapture.start()) {
            answer = webhook.send(jobId, upstreamId);
            warnings = logs.warningsOrTraces();
            lines = logs.lines();
        }

        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.jsonPath().getMap("")).containsOnlyKeys("status", "code");
        assertThat(answer.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(answer.jsonPath().getString("code"))
                .isEqualTo(status == 400 ? "invalid_webhook" : "unverified_webhook");
        assertThat(answer.getHeader("WWW-Authenticate")).isNull();
        assertThat(asAcme().get("/v1/upscales/" + jobId).then().statusCode(200).extract().asString())
                .as("the job after %s", forgery).isEqualTo(before);
        assertThat(wireMock.getAllServeEvents()).hasSize(upstreamCalls);
        assertThat(ScrapedMetrics.value("gateway_webhooks_received_total{outcome=\"" + outcome + "\"}"))
                .isEqualTo(counted + 1);
        assertThat(warnings).singleElement().asString().contains("Refused an Apiframe webhook").contains(outcome);
        assertThat(lines).noneSatisfy(line -> assertThat(line).containsAnyOf(ACME_APIFRAME_KEY, GLOBEX_APIFRAME_KEY,
                upstreamId, "x.example", "sha256="));
    }

    @Test
    void aPathSegmentThatIsNotAnIdNeverReachesTheLog() {
        String body = completed(upstreamId, "https://x.example/x");
        RawHttp.RawResponse answer;
        List<String> warnings;
        try (LogCapture logs = LogCapture.start()) {
            answer = RawHttp.request("POST", "/webhooks/apiframe/acme%0A2026-12-02%20ERROR%20forged/job%0Aline")
                    .header(SignedWebhooks.SIGNATURE, " " + signature(body, ACME_APIFRAME_KEY)).json(body)
                    .send(gateway);
            warnings = logs.warningsOrTraces();
        }

        assertThat(answer.status()).isEqualTo(401);
        assertThat(warnings).singleElement().asString().contains("of tenant <malformed>")
                .contains("job <malformed>").doesNotContain("forged").doesNotContain("\n");
    }

    @Test
    void aReplayAndAProgressAfterTheEndChangeNothingAndAreAnswered2xx() {
        String jobId = JobRequests.submitAsAcme();
        SseClient stream = SseClient.open(gateway + "v1/upscales/" + jobId + "/events", TestTenants.ACME_KEY, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> !stream.events().isEmpty());
        String earlier = progress(upstreamId, "PROCESSING", 60);
        String end = completed(upstreamId, "https://cdn.example.com/once.png");
        String completions = "gateway_job_duration_seconds_count{status=\"completed\",tenant=\"acme\"}";
        double completedBefore = ScrapedMetrics.value(completions);
        double staleBefore = ScrapedMetrics.value("gateway_webhooks_received_total{outcome=\"stale\"}");
        deliver("acme", jobId, earlier, ACME_APIFRAME_KEY).then().statusCode(204);
        deliver("acme", jobId, end, ACME_APIFRAME_KEY).then().statusCode(204);
        await().atMost(Duration.ofSeconds(5)).until(stream::hasEnded);
        String ended = asAcme().get("/v1/upscales/" + jobId).then().statusCode(200).extract().asString();

        deliver("acme", jobId, end, ACME_APIFRAME_KEY).then().statusCode(204);
        deliver("acme", jobId, earlier, ACME_APIFRAME_KEY).then().statusCode(204);
        deliver("acme", jobId, progress(upstreamId, "PROCESSING", 99), ACME_APIFRAME_KEY).then().statusCode(204);

        assertThat(asAcme().get("/v1/upscales/" + jobId).then().statusCode(200).extract().asString())
                .isEqualTo(ended);
        assertThat(names(stream)).containsExactly("queued", "processing", "completed");
        assertThat(ScrapedMetrics.value(completions)).isEqualTo(completedBefore + 1);
        assertThat(ScrapedMetrics.value("gateway_webhooks_received_total{outcome=\"stale\"}"))
                .isEqualTo(staleBefore + 3);
        SseClient resumed = SseClient.open(gateway + "v1/upscales/" + jobId + "/events", TestTenants.ACME_KEY,
                stream.events().get(2).id());
        await().atMost(Duration.ofSeconds(5)).until(resumed::hasEnded);
        assertThat(resumed.events()).isEmpty();
    }

    @Test
    void aProgressOlderThanTheJobsStateIsStale() {
        String jobId = JobRequests.submitAsAcme();
        deliver("acme", jobId, progress(upstreamId, "PROCESSING", 70), ACME_APIFRAME_KEY).then().statusCode(204);
        String at70 = asAcme().get("/v1/upscales/" + jobId).then().statusCode(200).extract().asString();

        deliver("acme", jobId, progress(upstreamId, "PROCESSING", 30), ACME_APIFRAME_KEY).then().statusCode(204);
        deliver("acme", jobId, progress(upstreamId, "QUEUED", 0), ACME_APIFRAME_KEY).then().statusCode(204);

        assertThat(asAcme().get("/v1/upscales/" + jobId).then().statusCode(200).extract().asString())
                .isEqualTo(at70);
        assertThat(new JsonPath(at70).getInt("progress")).isEqualTo(70);
    }

    @Test
    void aBodyThatIsNotJsonOrTooLargeIsRefusedUnreadAndTheConnectionClosed() {
        String jobId = JobRequests.submitAsAcme();
        String large = "{\"event\":\"progress\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";

        Response notJson = given().contentType(ContentType.TEXT).header(SignedWebhooks.SIGNATURE,
                signature("hello", ACME_APIFRAME_KEY)).body("hello").post(path("acme", jobId));
        Response declaredTooLarge = SignedWebhooks.post(given(), path("acme", jobId), large,
                signature(large, ACME_APIFRAME_KEY));
        RawHttp.Exchange chunkedTooLarge = RawHttp.exchange(gateway, ("POST " + path("acme", jobId) + " HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(large.length()) + "\r\n" + large + "\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThat(notJson.statusCode()).isEqualTo(415);
        assertThat(notJson.jsonPath().getMap("")).isEqualTo(Map.of("status", 415, "code", "unsupported_media_type"));
        assertThat(declaredTooLarge.statusCode()).isEqualTo(413);
        assertThat(declaredTooLarge.jsonPath().getMap("")).isEqualTo(Map.of("status", 413, "code",
                "payload_too_large"));
        assertThat(chunkedTooLarge.only().status()).isEqualTo(413);
        assertThat(chunkedTooLarge.closed()).isTrue();
        asAcme().get("/v1/upscales/" + jobId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("queued"));
        wireMock.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
        assertThat(polls(wireMock, upstreamId)).isZero();
    }

    @Test
    void aJobWithNoNewsAtAllStillTimesOutWithoutAPoll() {
        String jobId = JobRequests.submitAsAcme();

        JsonPath job = await().atMost(Duration.parse("PT" + WireMockProfile.JOB_TIMEOUT).plusSeconds(10))
                .until(() -> asAcme().get("/v1/upscales/" + jobId).then().extract().jsonPath(),
                        read -> read.getString("status").equals("failed"));

        assertThat(job.getString("error.code")).isEqualTo("timeout");
        assertThat(polls(wireMock, upstreamId)).isZero();
    }

    private static List<String> names(SseClient stream) {
        return stream.events().stream().map(Event::name).toList();
    }
}
