package gateway.upstream;

/** Apiframe refused the tenant's API key (missing, invalid or inactive): an operator must fix the configuration. */
public class UpstreamAuthenticationException extends UpstreamException {

    public UpstreamAuthenticationException(String message) {
        super(message);
    }
}
