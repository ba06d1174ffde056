package gateway.upstream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Apiframe's answer to {@code POST /v2/uploads}; only the CDN URL matters to the gateway. */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
record UploadedFile(String id, String url) {
}
