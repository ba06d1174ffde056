package gateway.api;

import java.time.Duration;

/** 503 {@code shutting_down}: this instance is stopping; another replica (or this one, restarted) will take it. */
public class ShuttingDownException extends ProblemException {

    public ShuttingDownException() {
        super(503, "shutting_down", "Shutting down", "This gateway instance is shutting down; try again");
    }

    @Override
    public Duration retryAfter() {
        return Duration.ofSeconds(1);
    }
}
