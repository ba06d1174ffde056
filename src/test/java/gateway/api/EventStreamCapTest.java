package gateway.api;

import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.pollSequence;
import static gateway.support.TestTenants.asAcme;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.ManagementPort;
import gateway.support.SseClient;
import gateway.support.TestTenants;
import gateway.support.WireMockProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@code gateway.sse.max-streams}: a stream over the cap is refused, and the instance keeps answering the rest. */
@QuarkusTest
@TestProfile(EventStreamCapTest.TwoStreams.class)
class EventStreamCapTest {

    public static class TwoStreams extends WireMockProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("gateway.sse.max-streams", "2");
            return overrides;
        }
    }

    @InjectWireMock
    WireMockServer wireMock;

    @TestHTTPResource("/")
    String baseUrl;

    @Test
    void aStreamOverTheCapIs503WithRetryAfterWhileHealthAndReadsStillAnswer() {
        String upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(wireMock, upstreamId);
        pollSequence(wireMock, upstreamId, job(upstreamId, "PROCESSING", 10, null, null));
        String jobId = JobRequests.submitAsAcme();
        String events = baseUrl + "v1/upscales/" + jobId + "/events";
        List<SseClient> open = List.of(SseClient.open(events, TestTenants.ACME_KEY, null),
                SseClient.open(events, TestTenants.ACME_KEY, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> open.stream().noneMatch(s -> s.events().isEmpty()));

        asAcme().accept("text/event-stream").get("/v1/upscales/" + jobId + "/events")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("code", equalTo("too_many_streams"));
        asAcme().get("/v1/upscales/" + jobId).then().statusCode(200).body("id", equalTo(jobId));
        given().port(ManagementPort.get()).get("/q/health/live").then().statusCode(200);
        String metrics = given().port(ManagementPort.get()).get("/q/metrics").asString();
        assertThat(metrics).contains("gateway_sse_max_streams 2.0", "gateway_sse_subscribers 2.0");

        // a slot freed by a client that left is taken by the next one
        open.get(0).close();
        await().atMost(Duration.ofSeconds(5)).until(() -> given().port(ManagementPort.get()).get("/q/metrics")
                .asString().contains("gateway_sse_subscribers 1.0"));
        SseClient next = SseClient.open(events, TestTenants.ACME_KEY, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> !next.events().isEmpty());
        next.close();
        open.get(1).close();
    }
}
