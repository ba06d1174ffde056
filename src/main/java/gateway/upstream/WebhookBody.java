package gateway.upstream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An Apiframe webhook's body as sent: the Job's fields as {@code GET /v2/jobs/{id}} shows them, with {@code id}
 * named {@code jobId} and the {@code event} that sent it. Tolerant like {@link UpstreamJob}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
record WebhookBody(String event, String jobId, String status, JsonNode progress, JsonNode result, JsonNode error) {
}
