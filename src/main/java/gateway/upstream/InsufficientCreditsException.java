package gateway.upstream;

/** The Apiframe team behind the tenant's key has run out of credits. */
public class InsufficientCreditsException extends UpstreamException {

    public InsufficientCreditsException(String message) {
        super(message);
    }
}
