package gateway.callback;

import java.time.Duration;

/**
 * How long to wait after a failed attempt: a ceiling that starts at {@code initial} and doubles per attempt up to
 * {@code max}, and a random wait between half the ceiling and all of it, so receivers coming back are not hit by
 * every queued delivery at once.
 */
record DeliveryBackoff(Duration initial, Duration max) {

    /** The wait after attempt {@code attempt} (1 for the first) failed, given a random number in [0, 1). */
    Duration after(int attempt, double random) {
        long ceiling = initial.toMillis();
        for (int i = 1; i < attempt && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, max.toMillis());
        return Duration.ofMillis(ceiling / 2 + (long) (random * (ceiling - ceiling / 2)));
    }
}
