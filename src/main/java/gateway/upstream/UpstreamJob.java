package gateway.upstream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /v2/jobs/{id}} as Apiframe sends it. Tolerant: unknown fields are ignored (Apiframe adds fields) and
 * {@code result} and {@code error} are kept raw because their shape differs between Apiframe's documents.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
record UpstreamJob(String id, String status, JsonNode progress, JsonNode result, JsonNode error) {
}
