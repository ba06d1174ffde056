package gateway.api;

import static gateway.support.ApiframeStubs.acceptSubmissions;
import static gateway.support.ApiframeStubs.job;
import static gateway.support.ApiframeStubs.pollSequence;
import static gateway.support.TestTenants.asAcme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import gateway.support.InjectWireMock;
import gateway.support.JobRequests;
import gateway.support.SseClient;
import gateway.support.TestTenants;
import gateway.support.WireMockProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The first step of a shutdown, as SIGTERM triggers it (its own profile: the instance is left draining). */
@QuarkusTest
@TestProfile(GracefulShutdownTest.Draining.class)
class GracefulShutdownTest {

    public static class Draining extends WireMockProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("gateway.sse.heartbeat", "30s");
            return overrides;
        }
    }

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    GracefulShutdown shutdown;

    @TestHTTPResource("/")
    String baseUrl;

    @Test
    void openStreamsEndWithARetryHintAndNewSubmissionsAreRefused() {
        String upstreamId = UUID.randomUUID().toString();
        acceptSubmissions(wireMock, upstreamId);
        pollSequence(wireMock, upstreamId, job(upstreamId, "PROCESSING", 10, null, null));
        String jobId = JobRequests.submitAsAcme();
        SseClient stream = SseClient.open(baseUrl + "v1/upscales/" + jobId + "/events", TestTenants.ACME_KEY, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> !stream.events().isEmpty());

        shutdown.drain();

        await().atMost(Duration.ofSeconds(5)).until(stream::hasEnded);
        assertThat(stream.retries()).containsExactly(SseFrames.RECONNECT_DELAY_MILLIS);
        asAcme().contentType(ContentType.JSON).body("{\"image\":\"" + JobRequests.IMAGE + "\"}").post("/v1/upscales")
                .then().statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("shutting_down")).header("Retry-After", "1");
        asAcme().get("/v1/upscales/" + jobId).then().statusCode(200).body("id", equalTo(jobId));
    }
}
