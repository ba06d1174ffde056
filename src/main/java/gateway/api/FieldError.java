package gateway.api;

/** One offending field of a request: its name (as the caller sent it) and what is wrong with it. */
public record FieldError(String field, String message) {
}
