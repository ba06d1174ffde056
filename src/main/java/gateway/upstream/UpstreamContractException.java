package gateway.upstream;

/** Apiframe answered in a way its contract does not allow: an unexpected status, or a body we cannot read. */
public class UpstreamContractException extends UpstreamException {

    public UpstreamContractException(String message) {
        super(message);
    }
}
