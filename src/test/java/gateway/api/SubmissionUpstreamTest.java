package gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.answerSubmissions;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.ApiframeStubs.pollSequence;
import static gateway.support.TestTenants.asAcme;
import static gateway.support.TestTenants.asGlobex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.RawHttp;
import gateway.support.TestTenants;
import gateway.support.WireMockProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** What Apiframe receives for a submission, and what the caller gets for each way Apiframe answers. */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class SubmissionUpstreamTest {

    private static final String UPSTREAM_ID = "0b6f5a0e-8a7a-4a8e-9f0a-3c1b2d4e5f60";

    @InjectWireMock
    WireMockServer wireMock;

    @TestHTTPResource("/")
    URI gateway;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void mapsEveryFieldToApiframeNamesWithTheTenantsOwnKey() {
        acceptSubmissions(wireMock, UPSTREAM_ID);

        asAcme().header("X-API-Key", "afk_caller_supplied_must_not_pass")
                .contentType(ContentType.JSON)
                .body("""
                        {"image":"https://images.example.com/cat.png","scale":4,"prompt":"crisp fur",
                         "negativePrompt":"blur","creativity":0.35,"resemblance":1.5,"dynamic":6,"steps":30,
                         "sharpen":2,"seed":9007199254740993,"format":"webp","metadata":{"order":"A-17"}}
                        """)
                .post("/v1/upscales")
                .then().statusCode(202);

        wireMock.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH))
                .withHeader("X-API-Key", WireMock.equalTo(TestTenants.ACME_APIFRAME_KEY))
                .withHeader("Idempotency-Key", matching("[0-9a-f-]{36}"))
                .withHeader("Authorization", absent())
                .withRequestBody(equalToJson("""
                        {"model":"clarity-upscale","clarityUpscaleParams":{
                          "image":"https://images.example.com/cat.png","scale_factor":4,"prompt":"crisp fur",
                          "negative_prompt":"blur","creativity":0.35,"resemblance":1.5,"dynamic":6.0,
                          "num_inference_steps":30,"sharpen":2.0,"seed":9007199254740993,"output_format":"webp"}}
                        """)));
    }

    @Test
    void sendsDefaultScaleAndFormatAsJsonValuesAndOmitsWhatTheCallerOmitted() {
        acceptSubmissions(wireMock, UPSTREAM_ID);

        JobRequests.submitAsAcme();

        var request = wireMock.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH))).get(0);
        assertThat(request.getBodyAsString()).isEqualToIgnoringWhitespace(
                "{\"model\":\"clarity-upscale\",\"clarityUpscaleParams\":{\"image\":\"" + JobRequests.IMAGE
                        + "\",\"scale_factor\":2,\"output_format\":\"png\"}}");
    }

    @Test
    void aChunkedJsonBodyIsSubmittedLikeOneWithAContentLength() {
        acceptSubmissions(wireMock, UPSTREAM_ID);
        String body = "{\"image\":\"" + JobRequests.IMAGE + "\",\"scale\":4}";

        RawHttp.RawResponse response = RawHttp.exchange(gateway, "POST /v1/upscales HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + TestTenants.ACME_KEY + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "a\r\n" + body.substring(0, 10) + "\r\n" + Integer.toHexString(body.length() - 10) + "\r\n"
                + body.substring(10) + "\r\n0\r\n\r\n").only();

        assertThat(response.status()).isEqualTo(202);
        wireMock.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)).withRequestBody(equalToJson(
                "{\"model\":\"clarity-upscale\",\"clarityUpscaleParams\":{\"image\":\"" + JobRequests.IMAGE
                        + "\",\"scale_factor\":4,\"output_format\":\"png\"}}")));
    }

    @Test
    void acceptsWithLocationAndTheJobWithDefaultsFilledIn() {
        acceptSubmissions(wireMock, UPSTREAM_ID);

        Response response = asAcme().contentType(ContentType.JSON)
                .body("{\"image\":\"" + JobRequests.IMAGE + "\",\"metadata\":{\"order\":\"A-17\"}}")
                .post("/v1/upscales");

        response.then().statusCode(202)
                .contentType(ContentType.JSON)
                .body("id", matchesPattern("[A-Za-z0-9_-]{22,}"))
                .body("status", equalTo("queued"))
                .body("request.image", equalTo(JobRequests.IMAGE))
                .body("request.scale", equalTo(2))
                .body("request.format", equalTo("png"))
                .body("request", not(org.hamcrest.Matchers.hasKey("prompt")))
                .body("metadata.order", equalTo("A-17"))
                .body("result", nullValue())
                .body("error", nullValue())
                .body("createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"))
                .body("$", not(org.hamcrest.Matchers.hasKey("upstreamJobId")));
        String id = response.path("id");
        assertThat(response.header("Location")).isEqualTo("/v1/upscales/" + id);
        assertThat(response.asString()).doesNotContain(UPSTREAM_ID).doesNotContain("afk_");
    }

    @Test
    void eachTenantsCallsCarryThatTenantsKey() {
        acceptSubmissions(wireMock, UPSTREAM_ID);

        asGlobex().contentType(ContentType.JSON).body("{\"image\":\"" + JobRequests.IMAGE + "\"}")
                .post("/v1/upscales").then().statusCode(202);

        wireMock.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH))
                .withHeader("X-API-Key", WireMock.equalTo(TestTenants.GLOBEX_APIFRAME_KEY)));
    }

    @Test
    void anUpstream400AboutTheImageIsImageRejectedWithApiframesMessage() {
        answerSubmissions(wireMock, json(400, """
                {"error":"Could not fetch input image","details":{"clarityUpscaleParams.image":["HTTP 404 from origin"]}}
                """));

        expectProblem(422, "image_rejected")
                .body("detail", containsString("Could not fetch input image"))
                .body("detail", containsString("HTTP 404 from origin"));
    }

    @Test
    void anUpstream402IsInsufficientCredits() {
        answerSubmissions(wireMock, json(402,
                "{\"error\":\"Insufficient credits\",\"creditsRequired\":3,\"creditsAvailable\":0}"));

        expectProblem(402, "insufficient_credits");
    }

    @Test
    void aRefusedApiframeKeyIsAnUpstreamErrorThatNeverShowsTheKey() {
        answerSubmissions(wireMock, json(401, "{\"error\":\"Invalid API key afk_test_acme_key\"}"));

        String body = expectProblem(502, "upstream_error").extract().asString();

        assertThat(body).doesNotContain(TestTenants.ACME_APIFRAME_KEY).doesNotContain(TestTenants.ACME_KEY);
    }

    @Test
    void anInactiveApiframeKeyIsAnUpstreamError() {
        answerSubmissions(wireMock, json(403, "{\"error\":\"API key inactive\"}"));

        expectProblem(502, "upstream_error");
    }

    @Test
    void anUnreadableAcceptanceIsAnUpstreamError() {
        answerSubmissions(wireMock, json(202, "{\"jobId\": oops"));

        expectProblem(502, "upstream_error");
    }

    @Test
    void anAcceptanceWithoutAJobIdIsAnUpstreamError() {
        answerSubmissions(wireMock, json(202, "{\"status\":\"QUEUED\"}"));

        expectProblem(502, "upstream_error");
    }

    @Test
    void anUpstreamOutageIsUnavailableWithRetryAfter() {
        answerSubmissions(wireMock, json(503, "{\"error\":\"queue down\"}").withHeader("Retry-After", "7"));

        expectProblem(503, "upstream_unavailable").header("Retry-After", "7");
    }

    @Test
    void anUpstreamThatDoesNotAnswerInTimeIsATimeout() {
        answerSubmissions(wireMock, json(202, "{\"jobId\":\"" + UPSTREAM_ID + "\",\"status\":\"QUEUED\"}")
                .withFixedDelay(5_000));

        expectProblem(504, "upstream_timeout").header("Retry-After", matchesPattern("\\d+"));
    }

    @Test
    void aJobApiframeAcceptedIsKeptWhenTheCallerHangsUpBeforeTheAnswer() {
        String image = "https://images.example.com/hung-up-" + UUID.randomUUID() + ".png";
        answerSubmissions(wireMock, json(202, "{\"jobId\":\"" + UPSTREAM_ID + "\",\"status\":\"QUEUED\"}")
                .withFixedDelay(1_000));
        pollSequence(wireMock, UPSTREAM_ID, job(UPSTREAM_ID, "COMPLETED", 100, "[\"https://cdn.example.com/r.png\"]",
                null));
        HttpRequest submission = HttpRequest.newBuilder(gateway.resolve("v1/upscales"))
                .header("Authorization", "Bearer " + TestTenants.ACME_KEY)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMillis(200)) // the caller gives up while Apiframe is still answering
                .POST(HttpRequest.BodyPublishers.ofString("{\"image\":\"" + image + "\"}"))
                .build();

        assertThatThrownBy(() -> HttpClient.newHttpClient().send(submission, HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(HttpTimeoutException.class);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> asAcme().get("/v1/upscales?limit=100")
                .then().statusCode(200)
                .body("items.find { it.request.image == '" + image + "' }.status", equalTo("completed")));
        wireMock.verify(1, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
    }

    private io.restassured.response.ValidatableResponse expectProblem(int status, String code) {
        return asAcme().contentType(ContentType.JSON).body("{\"image\":\"" + JobRequests.IMAGE + "\"}")
                .post("/v1/upscales")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("type", containsString(code))
                .body("title", not(nullValue()));
    }
}
