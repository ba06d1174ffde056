package gateway.store;

/**
 * The shared store (Redis) could not answer. The gateway fails closed: the request is refused with a 503 rather
 * than served unlimited or unrecorded, and it works again by itself once the store is back.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(Throwable cause) {
        super("The gateway's store is unavailable (" + cause.getClass().getSimpleName() + ")", null, false, false);
    }
}
