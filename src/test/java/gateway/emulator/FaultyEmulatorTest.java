package gateway.emulator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import gateway.support.TestTenants;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The gateway in front of an Apiframe that fails a third of its calls (outages, throttling, lost answers): a
 * caller that retries under its Idempotency-Key gets every job done, and Apiframe creates exactly one per key.
 */
@QuarkusTest
@TestProfile(FaultyEmulatorTest.Misbehaving.class)
class FaultyEmulatorTest {

    private static final int JOBS = 8;

    public static class Misbehaving implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.emulator.fault-rate", "0.33",
                    "gateway.emulator.job-duration", "1s",
                    "gateway.upstream.submit-deadline", "8s",
                    "gateway.upstream.circuit-breaker.request-volume", "1000");
        }
    }

    @Inject
    EmulatedJobs emulatedJobs;

    @TestHTTPResource("/emulator/cdn/sample.png")
    String sampleUrl;

    @Test
    void losesNoJobAndCreatesNoDuplicate() {
        long before = emulatedJobs.countCreatedBy(TestTenants.GLOBEX_APIFRAME_KEY);
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            String key = "batch-" + UUID.randomUUID();
            // a careful caller retries a 503 under the same Idempotency-Key until the gateway accepts
            String jobId = await().atMost(Duration.ofSeconds(60)).until(() -> TestTenants.asGlobex()
                    .header("Idempotency-Key", key).contentType(ContentType.JSON)
                    .body("{\"image\":\"" + sampleUrl + "\",\"scale\":1}")
                    .post("/v1/upscales").then().extract(), response -> response.statusCode() == 202).path("id");
            jobIds.add(jobId);
        }

        for (String jobId : jobIds) {
            String status = await().atMost(Duration.ofSeconds(30)).until(() -> TestTenants.asGlobex()
                    .get("/v1/upscales/" + jobId).then().statusCode(200).extract().<String> path("status"),
                    s -> s.equals("completed") || s.equals("failed"));
            assertThat(status).isEqualTo("completed");
        }
        assertThat(jobIds).doesNotHaveDuplicates();
        assertThat(emulatedJobs.countCreatedBy(TestTenants.GLOBEX_APIFRAME_KEY) - before).isEqualTo(JOBS);
        given().get(sampleUrl).then().statusCode(200);
    }
}
