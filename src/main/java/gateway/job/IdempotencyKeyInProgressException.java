package gateway.job;

/** The client's {@code Idempotency-Key} names a request that is still being submitted. */
public class IdempotencyKeyInProgressException extends RuntimeException {

    public IdempotencyKeyInProgressException() {
        super("A request with this Idempotency-Key is still being submitted", null, false, false);
    }
}
