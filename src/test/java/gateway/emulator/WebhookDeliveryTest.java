package gateway.emulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static gateway.emulator.EmulatorCalls.job;
import static gateway.emulator.EmulatorCalls.submit;
import static gateway.emulator.EmulatorCalls.upscaleRequest;
import static gateway.emulator.EmulatorTestProfile.API_KEY;
import static gateway.emulator.EmulatorTestProfile.OTHER_API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A submission with a {@code webhookUrl} gets Apiframe's webhooks, signed with the key that submitted it. */
@QuarkusTest
@TestProfile(EmulatorTestProfile.class)
class WebhookDeliveryTest {

    private static final WebhookReceiver receiver = new WebhookReceiver();

    @TestHTTPResource("/emulator/cdn/sample.png")
    URL sample;

    @BeforeAll
    static void startReceiver() {
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @BeforeEach
    void resetReceiver() {
        receiver.reset();
    }

    @Test
    void postsTheCompletedJobAsGetShowsItSignedWithTheSubmittingKey() {
        String path = receiver.newPath();
        String jobId = submitWithWebhook(path, new JsonArray().add("completed"));
        job(API_KEY, jobId).then().statusCode(200).body("webhookStatus", equalTo("pending"));

        WebhookReceiver.Received completed = awaitCompleted(path).get(0);

        JsonPath shown = job(API_KEY, jobId).then().statusCode(200).extract().jsonPath();
        assertThat(completed.contentType()).isEqualTo("application/json");
        assertThat(completed.event()).isEqualTo("completed");
        assertThat(completed.isSignedWith(API_KEY)).isTrue();
        assertThat(completed.isSignedWith(OTHER_API_KEY)).isFalse();
        JsonObject body = completed.json();
        assertThat(body.fieldNames())
                .containsExactly("event", "jobId", "status", "progress", "result", "model", "creditCost", "completedAt");
        assertThat(body.getString("event")).isEqualTo("completed");
        assertThat(body.getString("jobId")).isEqualTo(jobId);
        assertThat(body.getString("status")).isEqualTo(shown.getString("status")).isEqualTo("COMPLETED");
        assertThat(body.getInteger("progress")).isEqualTo(shown.getInt("progress")).isEqualTo(100);
        assertThat(body.getJsonObject("result").getJsonArray("images").getList())
                .isEqualTo(shown.getList("result.images")).hasSize(1);
        assertThat(body.getString("model")).isEqualTo(shown.getString("model"));
        assertThat(body.getInteger("creditCost")).isEqualTo(shown.getInt("creditCost")).isEqualTo(3);
        assertThat(body.getString("completedAt")).isEqualTo(shown.getString("completedAt"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> job(API_KEY, jobId).then().statusCode(200)
                .body("webhookStatus", equalTo("delivered")));
    }

    @Test
    void sendsProgressThenCompletedWhenTheSubmissionNamesNoEvents() {
        String path = receiver.newPath();
        submitWithWebhook(path, null);

        List<WebhookReceiver.Received> received = awaitCompleted(path);

        List<JsonObject> progress = received.subList(0, received.size() - 1).stream().map(WebhookReceiver.Received::json).toList();
        assertThat(progress).isNotEmpty().allSatisfy(body -> {
            assertThat(body.fieldNames()).containsExactly("event", "jobId", "status", "progress", "model", "creditCost");
            assertThat(body.getString("event")).isEqualTo("progress");
        });
        assertThat(progress.stream().map(body -> body.getInteger("progress")).toList()).isSorted().doesNotHaveDuplicates();
        assertThat(received).allSatisfy(webhook -> assertThat(webhook.isSignedWith(API_KEY)).isTrue());
    }

    @Test
    void retriesA500AndDeliversTheSameBodyOnTheNextAttempt() {
        String path = receiver.newPath();
        receiver.wireMock().stubFor(post(urlEqualTo(path)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        receiver.wireMock().stubFor(post(urlEqualTo(path)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(204)));
        String jobId = submitWithWebhook(path, new JsonArray().add("completed"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> job(API_KEY, jobId).then().statusCode(200)
                .body("webhookStatus", equalTo("delivered")));

        List<WebhookReceiver.Received> received = receiver.received(path);
        assertThat(received).hasSize(2);
        assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
        assertThat(received.get(1).signature()).isEqualTo(received.get(0).signature());
    }

    private String submitWithWebhook(String path, JsonArray events) {
        JsonObject request = upscaleRequest(sample.toString(), 1, null).put("webhookUrl", receiver.url(path));
        if (events != null) {
            request.put("webhookEvents", events);
        }
        return submit(API_KEY, request).then().statusCode(202).extract().path("jobId");
    }

    /** Everything that arrived on {@code path} once a {@code completed} webhook has. */
    private static List<WebhookReceiver.Received> awaitCompleted(String path) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(path),
                received -> !received.isEmpty() && received.get(received.size() - 1).event().equals("completed"));
    }
}
