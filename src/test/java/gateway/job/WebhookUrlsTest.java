package gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import gateway.support.TestConfig;

/** {@code gateway.public-base-url}: where a job's webhooks go, and a malformed one stopping the gateway. */
class WebhookUrlsTest {

    @Test
    void withoutABaseUrlNoSubmissionAsksForWebhooks() {
        WebhookUrls urls = new WebhookUrls(TestConfig.gateway(Map.of()));

        assertThat(urls.subscribed()).isFalse();
        assertThat(urls.forJob("acme", "job")).isNull();
    }

    @Test
    void aJobsWebhooksGoToTheBaseThenTheCallbackPathTheTenantAndTheJob() {
        WebhookUrls urls = new WebhookUrls(TestConfig.gateway(Map.of("gateway.public-base-url",
                "https://edge.example.com:8443/upscale//")));

        assertThat(urls.subscribed()).isTrue();
        assertThat(urls.forJob("team-a", "Yc2o0Gq0Zb3mKkQpS8aH1w"))
                .isEqualTo("https://edge.example.com:8443/upscale/webhooks/apiframe/team-a/Yc2o0Gq0Zb3mKkQpS8aH1w");
    }

    @ParameterizedTest
    @ValueSource(strings = { "edge.example.com", "/webhooks", "ftp://edge.example.com", "https://", "http:edge",
            "https://edge.example.com/?via=x", "https://edge.example.com/#top", "https://edge example.com" })
    void aBaseUrlThatIsNotAnAbsoluteHttpUrlStopsTheGateway(String base) {
        assertThatThrownBy(() -> new WebhookUrls(TestConfig.gateway(Map.of("gateway.public-base-url", base))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("gateway.public-base-url");
    }
}
