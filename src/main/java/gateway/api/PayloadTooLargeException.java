package gateway.api;

/** 413 {@code payload_too_large}: the body is over the limit for its media type. */
public class PayloadTooLargeException extends ProblemException {

    public PayloadTooLargeException(String detail) {
        super(413, "payload_too_large", "Payload too large", detail);
    }
}
