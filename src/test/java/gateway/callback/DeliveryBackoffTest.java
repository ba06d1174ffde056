package gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DeliveryBackoffTest {

    private final DeliveryBackoff backoff = new DeliveryBackoff(Duration.ofSeconds(5), Duration.ofHours(1));

    @Test
    void waitsBetweenHalfAndAllOfACeilingThatDoublesPerAttempt() {
        assertThat(backoff.after(1, 0)).isEqualTo(Duration.ofMillis(2_500));
        assertThat(backoff.after(1, 0.999_999)).isBetween(Duration.ofMillis(4_999), Duration.ofSeconds(5));
        assertThat(backoff.after(2, 0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.after(4, 0.5)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void neverWaitsLongerThanTheCeilingsCeiling() {
        assertThat(backoff.after(30, 0.999_999)).isLessThanOrEqualTo(Duration.ofHours(1))
                .isGreaterThan(Duration.ofMinutes(59));
        assertThat(backoff.after(1_000, 0)).isEqualTo(Duration.ofMinutes(30));
    }
}
