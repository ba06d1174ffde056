package gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

class CallbackSecretTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void signsWhatTheStandardWebhooksLibraryVerifiesAndNothingElse() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String body = "{\"id\":\"j\",\"status\":\"completed\",\"note\":\"é\"}";
        String signature = CallbackSecret.parse(SECRET).sign("j.2", now, body);

        new Webhook(SECRET).verify(body, headers("j.2", now, signature));
        assertThatThrownBy(() -> new Webhook(SECRET).verify(body + " ", headers("j.2", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> new Webhook(SECRET).verify(body, headers("j.3", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThat(signature).startsWith("v1,").isEqualTo(new Webhook(SECRET).sign("j.2", now, body));
    }

    @Test
    void neverShowsItsKey() {
        assertThat(CallbackSecret.parse(SECRET).toString()).doesNotContain("MfKQ9r8");
    }

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }
}
