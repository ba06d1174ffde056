package gateway.upstream;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Reads the webhooks Apiframe sends for jobs submitted with a {@code webhookUrl}: checks their signature against
 * the Apiframe key that submitted the job, and reads their body as a poll's answer is read.
 */
@ApplicationScoped
public class ApiframeWebhooks {

    private final ObjectReader bodies;

    ApiframeWebhooks(ObjectMapper json) {
        this.bodies = json.readerFor(WebhookBody.class);
    }

    /** Whether {@code signature} (the {@code X-Webhook-Signature} header) signs the raw body with the key. */
    public boolean isSignedBy(String apiKey, byte[] body, String signature) {
        return WebhookSignature.matches(body, signature, apiKey);
    }

    /** The webhook in the body; a body that is not Apiframe's webhook is an {@link UpstreamContractException}. */
    public ApiframeWebhook read(byte[] body) {
        WebhookBody webhook;
        try {
            webhook = bodies.readValue(body);
        } catch (IOException e) {
            throw new UpstreamContractException("Apiframe sent a webhook that is not the JSON its contract describes");
        }
        if (webhook == null || webhook.event() == null
                || !UpscaleSubmission.WEBHOOK_EVENTS.contains(webhook.event())
                || webhook.jobId() == null || webhook.jobId().isBlank()) {
            throw new UpstreamContractException("Apiframe sent a webhook without its event or jobId");
        }
        return new ApiframeWebhook(webhook.jobId(), UpstreamJobReader.read(new UpstreamJob(webhook.jobId(),
                webhook.status(), webhook.progress(), webhook.result(), webhook.error())));
    }
}
