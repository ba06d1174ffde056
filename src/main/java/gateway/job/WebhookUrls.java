package gateway.job;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import gateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;

/**
 * Where Apiframe posts a job's webhooks: {@code gateway.public-base-url}, then {@link #PATH}, the tenant and the job,
 * so the callback names its job and needs no index of its own (a job's id is known before it is submitted). Without
 * a base URL no submission asks for webhooks, and jobs are polled.
 */
@Startup // a malformed base URL stops the gateway before it submits anything
@ApplicationScoped
public class WebhookUrls {

    public static final String PATH = "/webhooks/apiframe";

    private final Optional<String> base;

    WebhookUrls(GatewayConfig config) {
        this.base = config.publicBaseUrl().map(WebhookUrls::checked);
    }

    /** Whether submissions ask Apiframe for webhooks. */
    public boolean subscribed() {
        return base.isPresent();
    }

    /** The URL of the tenant's job's webhooks, or null when submissions ask for none. */
    public String forJob(String tenantId, String jobId) {
        return base.map(url -> url + PATH + "/" + tenantId + "/" + jobId).orElse(null);
    }

    private static String checked(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid();
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid();
        }
        return url.replaceAll("/+$", "");
    }

    private static IllegalStateException invalid() {
        return new IllegalStateException("gateway.public-base-url must be an absolute http or https URL without a "
                + "query or fragment, such as https://upscale-gateway.example.com");
    }
}
