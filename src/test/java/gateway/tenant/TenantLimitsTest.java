package gateway.tenant;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.answerSubmissions;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.TestTenants;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Per-tenant request rates and in-flight quotas (contract.md, "Limits"), decided atomically under concurrency. */
@QuarkusTest
@TestProfile(WireMockProfile.class)
class TenantLimitsTest {

    @InjectWireMock
    WireMockServer wireMock;

    private String upstreamId;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(wireMock, upstreamId);
        // jobs stay in flight until the test's own end of them
        wireMock.stubFor(get(urlPathMatching("/v2/jobs/.*")).willReturn(job(upstreamId, "PROCESSING", 10, null, null)));
    }

    @Test
    void aBurstOfSimultaneousSubmissionsGetsExactlyTheBucket() throws Exception {
        Map<Integer, List<Response>> byStatus = simultaneously(20, () -> submit("tiny-secret-key"));

        assertThat(byStatus.get(202)).hasSize(5);
        assertThat(byStatus.get(429)).hasSize(15).allSatisfy(response -> {
            assertThat(response.<String> path("code")).isEqualTo("rate_limited");
            assertThat(Integer.parseInt(response.header("Retry-After"))).isBetween(1, 2);
        });
        wireMock.verify(5, postRequestedFor(urlEqualTo(SUBMIT_PATH)));
    }

    @Test
    void rateLimitHeadersCountDownAndReadsHaveTheirOwnAllowance() {
        Response first = submit("countdown-secret-key");
        Response second = submit("countdown-secret-key");
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", "Bearer countdown-secret-key").get("/v1/upscales").then().statusCode(200)
                    .header("RateLimit", "\"tenant\";r=1;t=4");
        }
        Response third = submit("countdown-secret-key");
        Response refused = submit("countdown-secret-key");

        assertThat(first.header("RateLimit-Policy")).isEqualTo("\"tenant\";q=3;w=6");
        assertThat(first.header("RateLimit")).isEqualTo("\"tenant\";r=2;t=2");
        assertThat(second.header("RateLimit")).isEqualTo("\"tenant\";r=1;t=4");
        assertThat(third.header("RateLimit")).isEqualTo("\"tenant\";r=0;t=6");
        refused.then().statusCode(429).contentType("application/problem+json").body("code", equalTo("rate_limited"))
                .header("Retry-After", "2").header("RateLimit", "\"tenant\";r=0;t=6")
                .header("RateLimit-Policy", "\"tenant\";q=3;w=6");
    }

    @Test
    void oneTenantsBurstDoesNotSlowAnother() throws Exception {
        Map<Integer, List<Response>> noisy = simultaneously(12, () -> submit("noisy-secret-key"));

        assertThat(noisy.get(429)).hasSize(10);
        submit(TestTenants.GLOBEX_KEY).then().statusCode(202);
        TestTenants.asGlobex().get("/v1/upscales").then().statusCode(200);
    }

    @Test
    void fiftySimultaneousSubmissionsAgainstMaxInFlightFiveAdmitExactlyFive() throws Exception {
        Map<Integer, List<Response>> byStatus = simultaneously(50, () -> submit("quota-secret-key"));

        assertThat(byStatus.get(202)).hasSize(5);
        assertThat(byStatus.get(429)).hasSize(45).allSatisfy(response -> {
            assertThat(response.<String> path("code")).isEqualTo("too_many_in_flight");
            assertThat(Integer.parseInt(response.header("Retry-After"))).isPositive();
        });
        wireMock.verify(5, postRequestedFor(urlEqualTo(SUBMIT_PATH)));

        // a job's end frees its slot
        String doneId = byStatus.get(202).get(0).path("id");
        wireMock.resetAll();
        acceptSubmissions(wireMock, UUID.randomUUID().toString());
        wireMock.stubFor(get(anyUrl()).willReturn(job(upstreamId, "COMPLETED", 100, "\"https://cdn.example.com/d.png\"", null)));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> given()
                .header("Authorization", "Bearer quota-secret-key").get("/v1/upscales/" + doneId).path("status")
                .equals("completed"));
        submit("quota-secret-key").then().statusCode(202);
    }

    @Test
    void aSubmissionApiframeRefusesGivesItsSlotBack() {
        answerSubmissions(wireMock, json(402, "{\"error\":\"Insufficient credits\"}"));
        // the tenant may have 2 jobs in flight: an unreleased slot would show as a 429 by the third attempt
        for (int i = 0; i < 8; i++) {
            submit("credits-secret-key").then().statusCode(402);
        }
        wireMock.verify(8, postRequestedFor(urlEqualTo(SUBMIT_PATH))
                .withHeader("X-API-Key", com.github.tomakehurst.wiremock.client.WireMock.equalTo("afk_test_credits_key")));
    }

    private static Response submit(String tenantKey) {
        return given().header("Authorization", "Bearer " + tenantKey).contentType(ContentType.JSON)
                .body("{\"image\":\"" + JobRequests.IMAGE + "\"}").post("/v1/upscales");
    }

    /** Starts all requests together, so the limiter sees them at once, and groups the answers by status. */
    private static Map<Integer, List<Response>> simultaneously(int count, java.util.function.Supplier<Response> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return request.get();
                }));
            }
            start.countDown();
            List<Response> responses = new java.util.ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get());
            }
            return responses.stream().collect(Collectors.groupingBy(Response::statusCode));
        } finally {
            pool.shutdownNow();
        }
    }
}
