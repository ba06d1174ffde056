package gateway.api;

import java.time.Duration;

/** 503 {@code too_many_streams}: this instance holds {@code gateway.sse.max-streams} open; another replica takes it. */
public class TooManyStreamsException extends ProblemException {

    public TooManyStreamsException() {
        super(503, "too_many_streams", "Too many open streams",
                "This gateway instance has as many open event streams as it can hold; reconnect (to another replica)");
    }

    @Override
    public Duration retryAfter() {
        return Duration.ofSeconds(1);
    }
}
