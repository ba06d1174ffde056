package gateway.upstream;

/**
 * What went wrong talking to Apiframe, as a kind rather than an HTTP status: callers decide by type whether to
 * retry, pass the refusal on, or give up. No stack trace is captured; the message never holds an API key.
 */
public abstract class UpstreamException extends RuntimeException {

    protected UpstreamException(String message) {
        super(message, null, false, false);
    }
}
