package gateway.upstream;

import java.time.Duration;
import java.util.Optional;

/** Apiframe is unavailable for now (outage, overload or throttling): worth retrying later. */
public class UpstreamUnavailableException extends UpstreamException {

    private final Duration retryAfter;

    public UpstreamUnavailableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long Apiframe asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
