package gateway.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An RFC 9457 problem body, with the gateway's machine {@code code} and, for a 400, every offending field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection // serialised by hand (SSE data, Redis, problem bodies), outside Quarkus REST's view
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:upscale-gateway:problem:";

    public static Problem of(int status, String code, String title, String detail, List<FieldError> errors) {
        return new Problem(TYPE_PREFIX + code, title, status, detail, code, errors);
    }

    /** A problem that tells nothing beyond its status and code, for a caller that must learn no more. */
    public static Problem terse(int status, String code) {
        return new Problem(null, null, status, null, code, null);
    }

    /** The problem for a bare status the HTTP layer or the framework decided on (a routing 404, a 413, ...). */
    public static Problem forStatus(int status) {
        return switch (status) {
            case 400 -> of(400, "invalid_request", "Invalid request", "The request is malformed", null);
            case 404 -> of(404, "not_found", "Not found", "No such resource", null);
            case 405 -> of(405, "method_not_allowed", "Method not allowed",
                    "This resource does not support that method", null);
            case 406 -> of(406, "not_acceptable", "Not acceptable",
                    "This resource cannot produce the media type asked for", null);
            case 413 -> of(413, "payload_too_large", "Payload too large", "The body is larger than the server accepts",
                    null);
            case 415 -> of(415, "unsupported_media_type", "Unsupported media type",
                    "Send application/json or multipart/form-data", null);
            default -> status < 500 ? of(status, "http_" + status, "Request failed", "The request cannot be served", null)
                    : of(500, "internal_error", "Internal error", "The gateway failed unexpectedly", null);
        };
    }
}
