package gateway.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import gateway.config.GatewayConfig;
import gateway.tokenbucket.TokenBuckets;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.smallrye.mutiny.Uni;

/**
 * Paces calls per Apiframe key: tenants sharing a key share {@code gateway.upstream.requests-per-second}, and when
 * Apiframe answers with {@code Retry-After} every call on that key, submissions and polls alike, holds off that long.
 */
@ApplicationScoped
class UpstreamPacer {

    // one budget per Apiframe key of a configured tenant: bounded by the tenant configuration
    private final ConcurrentHashMap<String, KeyBudget> budgets = new ConcurrentHashMap<>();
    private final Clock clock;
    private final double perSecond;

    UpstreamPacer(Clock clock, GatewayConfig config) {
        this.clock = clock;
        this.perSecond = config.upstream().requestsPerSecond();
    }

    /** Zero when a call on this key may go now (and takes its turn), else how long it must wait. */
    Duration turn(String apiKey) {
        KeyBudget budget = budget(apiKey);
        Duration paused = Duration.between(clock.instant(), budget.pausedUntil().get());
        if (paused.compareTo(Duration.ZERO) > 0) {
            return wholeMillis(paused);
        }
        ConsumptionProbe probe = budget.bucket().tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : wholeMillis(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    // the Vert.x timers behind Mutiny's delayIt() refuse a wait under 1 ms: round every wait up to whole ms
    private static Duration wholeMillis(Duration wait) {
        return Duration.ofMillis((wait.toNanos() + 999_999) / 1_000_000);
    }

    /** Waits, without holding a thread, for a turn that comes before the deadline; else fails as unavailable. */
    Uni<Void> awaitTurn(String apiKey, Instant deadline) {
        Duration wait = turn(apiKey);
        if (wait.isZero()) {
            return Uni.createFrom().voidItem();
        }
        if (clock.instant().plus(wait).isAfter(deadline)) {
            return Uni.createFrom().failure(new UpstreamUnavailableException(
                    "Apiframe asked the gateway to slow down on this key", wait));
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> awaitTurn(apiKey, deadline));
    }

    /** Apiframe said when to come back: nothing goes out on this key before then. */
    void pause(String apiKey, Duration retryAfter) {
        Instant until = clock.instant().plus(retryAfter);
        budget(apiKey).pausedUntil().accumulateAndGet(until, (current, next) -> next.isAfter(current) ? next : current);
    }

    private KeyBudget budget(String apiKey) {
        return budgets.computeIfAbsent(apiKey, key -> {
            long capacity = Math.max(1, (long) Math.ceil(perSecond));
            return new KeyBudget(TokenBuckets.of(capacity, perSecond), new AtomicReference<>(Instant.EPOCH));
        });
    }

    private record KeyBudget(Bucket bucket, AtomicReference<Instant> pausedUntil) {
    }
}
