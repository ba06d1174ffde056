package gateway.api;

import static gateway.support.TestTenants.asAcme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import gateway.support.ScrapedMetrics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Whole jobs driven by the embedded emulator's webhooks, sent like a hostile Apiframe: half of them come with a
 * forged {@code failed}, a replay or a late {@code progress}, and every one arrives late. Every job still completes,
 * on webhooks alone: no poll within the (default) grace.
 */
@QuarkusTest
@TestProfile(WebhooksFromTheEmulatorTest.HostileWebhooks.class)
class WebhooksFromTheEmulatorTest {

    private static final int JOBS = 6;

    public static class HostileWebhooks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.emulator.webhook-faults", "0.5",
                    "gateway.emulator.webhook-fault-kinds", "forged,replayed,out-of-order",
                    "gateway.emulator.webhook-delay", "300ms");
        }
    }

    @TestHTTPResource("/emulator/cdn/sample.png")
    String sampleUrl;

    @Test
    void everyJobCompletesOnWebhooksAloneThoughHalfOfThemComeWithAHostileExtra() {
        double pollsBefore = ScrapedMetrics.sum("gateway_upstream_requests_total{operation=\"poll\"");
        double forgedBefore = webhooks("bad_signature");
        double staleBefore = webhooks("stale");
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            jobIds.add(asAcme().contentType(ContentType.JSON).body("{\"image\":\"" + sampleUrl + "\",\"scale\":1}")
                    .post("/v1/upscales").then().statusCode(202).extract().path("id"));
        }

        for (String jobId : jobIds) {
            JsonPath job = await().atMost(Duration.ofSeconds(30)).until(
                    () -> asAcme().get("/v1/upscales/" + jobId).then().statusCode(200).extract().jsonPath(),
                    read -> !read.getString("status").equals("queued")
                            && !read.getString("status").equals("processing"));
            assertThat(job.getString("status")).as("job %s", jobId).isEqualTo("completed");
            assertThat(job.getString("result.images[0]")).contains("/emulator/cdn/");
        }

        double polls = ScrapedMetrics.sum("gateway_upstream_requests_total{operation=\"poll\"") - pollsBefore;
        assertThat(polls / JOBS).as("polls per job").isLessThanOrEqualTo(0.1);
        assertThat(webhooks("bad_signature")).as("forged webhooks refused").isGreaterThan(forgedBefore);
        assertThat(webhooks("stale")).as("replayed and late webhooks taken without effect").isGreaterThan(staleBefore);
        assertThat(webhooks("accepted")).isGreaterThanOrEqualTo(JOBS);
    }

    private static double webhooks(String outcome) {
        return ScrapedMetrics.value("gateway_webhooks_received_total{outcome=\"" + outcome + "\"}");
    }
}
