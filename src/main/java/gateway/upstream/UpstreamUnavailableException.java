package gateway.upstream;

import java.time.Duration;
import java.util.Optional;

/** Apiframe is unavailable for now (outage, overload or throttling): worth retrying later. */
public class UpstreamUnavailableException extends UpstreamException {

    private final Duration retryAfter;
    private final boolean throttled;

    public UpstreamUnavailableException(String message, Duration retryAfter) {
        this(message, retryAfter, false);
    }

    UpstreamUnavailableException(String message, Duration retryAfter, boolean throttled) {
        super(message);
        this.retryAfter = retryAfter;
        this.throttled = throttled;
    }

    /** Apiframe said this key is sending too much (429), as opposed to being down itself. */
    boolean isThrottled() {
        return throttled;
    }

    /** How long Apiframe asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
