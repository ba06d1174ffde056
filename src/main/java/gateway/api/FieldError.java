package gateway.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One offending field of a request: its name (as the caller sent it) and what is wrong with it. */
@RegisterForReflection // serialised by hand (SSE data, Redis, problem bodies), outside Quarkus REST's view
public record FieldError(String field, String message) {
}
