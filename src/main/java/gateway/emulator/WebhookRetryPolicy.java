package gateway.emulator;

import java.time.Duration;

/**
 * How the emulator retries a webhook that got no 2xx (another status, a timeout, a network error): up to
 * {@code retries} more attempts, backing off exponentially with jitter from {@code firstBackoff} to at most
 * {@code maxBackoff}, each attempt within {@code attemptDeadline}.
 */
record WebhookRetryPolicy(Duration attemptDeadline, int retries, Duration firstBackoff, Duration maxBackoff) {

    /** Apiframe does not publish its policy; this one is small and gives up within about half a minute. */
    static final WebhookRetryPolicy APIFRAME_LIKE =
            new WebhookRetryPolicy(Duration.ofSeconds(5), 3, Duration.ofSeconds(1), Duration.ofSeconds(8));
}
