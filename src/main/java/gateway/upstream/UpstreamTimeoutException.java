package gateway.upstream;

/** Apiframe did not answer in time. */
public class UpstreamTimeoutException extends UpstreamException {

    public UpstreamTimeoutException(String message) {
        super(message);
    }
}
