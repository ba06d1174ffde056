package gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import gateway.support.TestConfig;

class UpstreamPacerTest {

    private final UpstreamPacer pacer = new UpstreamPacer(Clock.systemUTC(),
            TestConfig.gateway(Map.of("gateway.upstream.requests-per-second", "2")));

    @Test
    void callsOnOneKeyShareItsBudgetWhicheverTenantMakesThem() {
        assertThat(pacer.turn("afk_shared")).isZero();
        assertThat(pacer.turn("afk_shared")).isZero();

        assertThat(pacer.turn("afk_shared")).isPositive().isLessThanOrEqualTo(Duration.ofMillis(500));
        assertThat(pacer.turn("afk_other")).isZero();
    }

    @Test
    void aWaitShorterThanAMillisecondIsRoundedUpToOneSoVertxCanTimeIt() {
        UpstreamPacer fast = new UpstreamPacer(Clock.systemUTC(),
                TestConfig.gateway(Map.of("gateway.upstream.requests-per-second", "5000")));
        Duration wait = Duration.ZERO;
        for (int call = 0; call < 50_000 && wait.isZero(); call++) {
            wait = fast.turn("afk_busy");
        }

        assertThat(wait).isEqualTo(Duration.ofMillis(1)); // a refill every 200 µs
    }

    @Test
    void aPauseHoldsEveryCallOnTheKeyAndOnlyThatKey() {
        pacer.pause("afk_throttled", Duration.ofSeconds(3));

        assertThat(pacer.turn("afk_throttled")).isGreaterThan(Duration.ofMillis(2_500));
        assertThat(pacer.turn("afk_other")).isZero();
        assertThatThrownBy(() -> pacer.awaitTurn("afk_throttled", Instant.now().plusSeconds(1))
                .await().atMost(Duration.ofSeconds(1)))
                .isInstanceOf(UpstreamUnavailableException.class);
    }
}
