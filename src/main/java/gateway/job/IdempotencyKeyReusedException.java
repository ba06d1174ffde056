package gateway.job;

/** The client's {@code Idempotency-Key} was first used for a different request. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException() {
        super("This Idempotency-Key was used for a different request", null, false, false);
    }
}
