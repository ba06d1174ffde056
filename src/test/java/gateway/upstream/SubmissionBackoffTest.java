package gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;

/** The backoff schedule itself, with the jitter pinned so every draw is reproducible. */
class SubmissionBackoffTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final AtomicInteger retriesCounted = new AtomicInteger();

    @Test
    void aJitterOfZeroRetriesAtOnceInsteadOfFailing() {
        SubmissionRetries retries = retries(ceiling -> 0);

        List<Integer> scheduled = retries.schedule(Multi.createFrom().items(outage(), outage()))
                .collect().asList().await().atMost(Duration.ofSeconds(1));

        assertThat(scheduled).containsExactly(1, 2);
        assertThat(retriesCounted).hasValue(2);
    }

    @Test
    void theJitterIsDrawnUnderADoublingCeilingCappedAtMaxBackoff() {
        List<Long> ceilings = new ArrayList<>();
        SubmissionRetries retries = new SubmissionRetries(clock, 6, Duration.ofMillis(1), Duration.ofMillis(4),
                NOW.plusSeconds(10), retriesCounted::incrementAndGet, ceiling -> {
                    ceilings.add(ceiling);
                    return 0;
                });

        retries.schedule(Multi.createFrom().items(outage(), outage(), outage(), outage()))
                .collect().asList().await().atMost(Duration.ofSeconds(1));

        assertThat(ceilings).containsExactly(1L, 2L, 4L, 4L);
    }

    private SubmissionRetries retries(LongUnaryOperator jitter) {
        return new SubmissionRetries(clock, 5, Duration.ofMillis(250), Duration.ofSeconds(8), NOW.plusSeconds(20),
                retriesCounted::incrementAndGet, jitter);
    }

    private static Throwable outage() {
        return new UpstreamUnavailableException("Apiframe answered 503", null);
    }
}
