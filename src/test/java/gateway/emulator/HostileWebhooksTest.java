package gateway.emulator;

import static gateway.emulator.EmulatorCalls.submit;
import static gateway.emulator.EmulatorCalls.upscaleRequest;
import static gateway.emulator.EmulatorTestProfile.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;

/** The webhook fault and delay keys, set in configuration, make every webhook late and out of order. */
@QuarkusTest
@TestProfile(HostileWebhooksTest.LateAndOutOfOrder.class)
class HostileWebhooksTest {

    private static final Duration DELAY = Duration.ofMillis(500);
    private static final WebhookReceiver receiver = new WebhookReceiver();

    public static class LateAndOutOfOrder extends EmulatorTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("gateway.emulator.webhook-faults", "1");
            overrides.put("gateway.emulator.webhook-fault-kinds", "out-of-order");
            overrides.put("gateway.emulator.webhook-delay", DELAY.toMillis() + "ms");
            return overrides;
        }
    }

    @TestHTTPResource("/emulator/cdn/sample.png")
    URL sample;

    @BeforeAll
    static void startReceiver() {
        receiver.start();
        receiver.reset();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @Test
    void sendsCompletedLateAndAProgressAfterIt() {
        String path = receiver.newPath();
        submit(API_KEY, upscaleRequest(sample.toString(), 1, null)
                .put("webhookUrl", receiver.url(path)).put("webhookEvents", new JsonArray().add("completed")))
                .then().statusCode(202);

        List<WebhookReceiver.Received> received = await().atMost(Duration.ofSeconds(30))
                .until(() -> receiver.received(path), webhooks -> webhooks.size() == 2);

        assertThat(received).extracting(WebhookReceiver.Received::event).containsExactly("completed", "progress");
        assertThat(received).allSatisfy(webhook -> assertThat(webhook.isSignedWith(API_KEY)).isTrue());
        Instant completedAt = Instant.parse(received.get(0).json().getString("completedAt"));
        assertThat(Duration.between(completedAt, received.get(0).receivedAt())).isGreaterThanOrEqualTo(DELAY);
    }
}
