package gateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.TestTenants.asAcme;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.SseClient;
import gateway.support.TestTenants;
import gateway.support.WireMockProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import gateway.support.ManagementPort;

/** Pacing per Apiframe key, and the metric families that show what the gateway does. */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class UpstreamPacingAndMetricsTest {

    private static final String PACED_KEY = "afk_test_paced_key";

    @InjectWireMock
    WireMockServer wireMock;

    @TestHTTPResource("/")
    String baseUrl;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void a429WithRetryAfterQuietsEveryCallOnThatKey() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        wireMock.stubFor(get(urlPathMatching("/v2/jobs/.*")).willReturn(job(first, "PROCESSING", 10, null, null)));
        wireMock.stubFor(post(urlEqualTo(SUBMIT_PATH)).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(202, "{\"jobId\":\"" + first + "\",\"status\":\"QUEUED\"}")).willSetStateTo("throttled"));
        wireMock.stubFor(post(urlEqualTo(SUBMIT_PATH)).inScenario("throttle").whenScenarioStateIs("throttled")
                .willReturn(json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "2"))
                .willSetStateTo("open"));
        wireMock.stubFor(post(urlEqualTo(SUBMIT_PATH)).inScenario("throttle").whenScenarioStateIs("open")
                .willReturn(json(202, "{\"jobId\":\"" + second + "\",\"status\":\"QUEUED\"}")));
        submitAsPaced().then().statusCode(202);
        await().atMost(Duration.ofSeconds(5)).until(
                () -> wireMock.findAll(getRequestedFor(urlEqualTo("/v2/jobs/" + first))).size() >= 2);

        submitAsPaced().then().statusCode(202);

        List<LoggedRequest> onKey = wireMock.findAll(anyRequestedFor(anyUrl())
                .withHeader("X-API-Key", WireMock.equalTo(PACED_KEY)));
        onKey.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        LoggedRequest throttled = onKey.stream().filter(request -> request.getMethod().getName().equals("POST"))
                .skip(1).findFirst().orElseThrow();
        long throttledAt = throttled.getLoggedDate().getTime();
        long nextCall = onKey.stream().mapToLong(request -> request.getLoggedDate().getTime())
                .filter(at -> at > throttledAt).min().orElseThrow();
        assertThat(nextCall - throttledAt).as("quiet period after the 429, in ms").isBetween(1_900L, 3_500L);
    }

    @Test
    void everyMetricFamilyShowsRealTraffic() {
        String upstreamId = UUID.randomUUID().toString();
        wireMock.stubFor(post(urlEqualTo(SUBMIT_PATH)).inScenario("retry").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(503, "{\"error\":\"blip\"}")).willSetStateTo("up"));
        wireMock.stubFor(post(urlEqualTo(SUBMIT_PATH)).inScenario("retry").whenScenarioStateIs("up")
                .willReturn(json(202, "{\"jobId\":\"" + upstreamId + "\",\"status\":\"QUEUED\"}")));
        wireMock.stubFor(get(urlPathMatching("/v2/jobs/.*")).willReturn(
                job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/m.png\"", null).withFixedDelay(300)));
        String jobId = JobRequests.submitAsAcme();
        SseClient watcher = SseClient.open(baseUrl + "v1/upscales/" + jobId + "/events", TestTenants.ACME_KEY, null);
        for (int i = 0; i < 4; i++) {
            given().header("Authorization", "Bearer noisy-secret-key").contentType(ContentType.JSON)
                    .body("{\"image\":\"" + JobRequests.IMAGE + "\"}").post("/v1/upscales");
        }
        await().atMost(Duration.ofSeconds(10)).until(watcher::hasEnded);

        String metrics = given().port(ManagementPort.get()).get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics)
                .contains("gateway_submissions_total{outcome=\"accepted\",tenant=\"acme\"}")
                .contains("gateway_submissions_total{outcome=\"rate_limited\",tenant=\"noisy\"}")
                .contains("gateway_rate_limited_total{reason=\"rate_limited\",tenant=\"noisy\"}")
                .contains("gateway_jobs_in_flight{tenant=\"acme\"}")
                .contains("gateway_job_duration_seconds_bucket{status=\"completed\",tenant=\"acme\"")
                .contains("gateway_upstream_requests_total{operation=\"submit\",status=\"503\"}")
                .contains("gateway_upstream_requests_total{operation=\"submit\",status=\"202\"}")
                .contains("gateway_upstream_requests_total{operation=\"poll\",status=\"200\"}")
                .contains("gateway_upstream_latency_seconds_bucket{operation=\"poll\"")
                .contains("gateway_upstream_retries_total{operation=\"submit\"}")
                .contains("gateway_sse_subscribers")
                .doesNotContain("afk_")
                .doesNotContain(TestTenants.ACME_KEY);
    }

    private static io.restassured.response.Response submitAsPaced() {
        return given().header("Authorization", "Bearer paced-secret-key").contentType(ContentType.JSON)
                .body("{\"image\":\"" + JobRequests.IMAGE + "\"}").post("/v1/upscales");
    }
}
