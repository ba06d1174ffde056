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
}
