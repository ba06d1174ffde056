package gateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.support.ApiframeStubs.SUBMIT_PATH;
import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.answerSubmissions;
import static gateway.support.ApiframeStubs.json;
import static gateway.support.JobRequests.postAsAcme;
import static gateway.support.TestTenants.asAcme;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.WireMockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import gateway.support.ManagementPort;

/** While Apiframe keeps failing, submissions fail fast; reads of known jobs go on working. */
@QuarkusTest
@TestProfile(CircuitBreakerTest.QuickBreaker.class)
class CircuitBreakerTest {

    public static class QuickBreaker extends WireMockProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("gateway.upstream.circuit-breaker.request-volume", "4");
            overrides.put("gateway.upstream.circuit-breaker.delay", "3s");
            return overrides;
        }
    }

    @InjectWireMock
    WireMockServer wireMock;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @AfterEach
    void closeBreakers() {
        CircuitBreakerMaintenance.get().resetAll();
    }

    @Test
    void opensAfterRepeatedOutagesFailsFastWithTheRemainingTimeAndRecovers() {
        acceptSubmissions(wireMock, UUID.randomUUID().toString());
        String knownJob = JobRequests.submitAsAcme();
        // a Retry-After beyond the deadline makes each submission give up after one attempt
        answerSubmissions(wireMock, json(503, "{\"error\":\"down\"}").withHeader("Retry-After", "60"));
        for (int i = 0; i < 4; i++) {
            postAsAcme().then().statusCode(503);
        }
        int attemptsBeforeOpen = wireMock.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH))).size();

        Response refused = postAsAcme();

        refused.then().statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("upstream_unavailable"));
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 3);
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH)))).hasSize(attemptsBeforeOpen);
        asAcme().get("/v1/upscales/" + knownJob).then().statusCode(200);
        asAcme().get("/v1/upscales").then().statusCode(200);
        // an Apiframe outage never takes the pod out of the Service; the breaker shows in the details and metrics
        given().port(ManagementPort.get()).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'apiframe' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'apiframe' }.data.circuitBreaker", equalTo("open"));
        assertThat(given().port(ManagementPort.get()).get("/q/metrics").asString()).contains("gateway_upstream_circuit_open 1.0");

        acceptSubmissions(wireMock, UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(250))
                .until(() -> postAsAcme().statusCode() == 202);
    }

    @Test
    void refusalsDoNotOpenTheBreaker() {
        answerSubmissions(wireMock, json(402, "{\"error\":\"Insufficient credits\"}"));
        for (int i = 0; i < 6; i++) {
            postAsAcme().then().statusCode(402);
        }

        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo(SUBMIT_PATH)))).hasSize(6);
    }
}
