package gateway.upstream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Apiframe's answer to a submission: {@code 202 {"jobId", "status"}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
record JobAccepted(String jobId, String status) {
}
