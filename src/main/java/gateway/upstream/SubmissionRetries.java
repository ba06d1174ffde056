package gateway.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongUnaryOperator;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * When to try a submission again: transient failures only (outages, throttling, timeouts), with exponential backoff
 * and full jitter, never sooner than Apiframe's {@code Retry-After}, and never past the submission's deadline.
 * Safe because every attempt carries the same upstream {@code Idempotency-Key}.
 */
final class SubmissionRetries {

    private final Clock clock;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Instant deadline;
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicReference<UpstreamException> lastFailure = new AtomicReference<>();

    private final Runnable onRetry;
    private final LongUnaryOperator jitter;

    SubmissionRetries(Clock clock, int maxAttempts, Duration initialBackoff, Duration maxBackoff, Instant deadline,
            Runnable onRetry) {
        this(clock, maxAttempts, initialBackoff, maxBackoff, deadline, onRetry,
                ceiling -> ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** With the jitter given: a ceiling in ms to a delay in ms between 0 and it, both included. */
    SubmissionRetries(Clock clock, int maxAttempts, Duration initialBackoff, Duration maxBackoff, Instant deadline,
            Runnable onRetry, LongUnaryOperator jitter) {
        this.clock = clock;
        this.jitter = jitter;
        this.onRetry = onRetry;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.deadline = deadline;
    }

    static boolean isTransient(Throwable failure) {
        return failure instanceof UpstreamUnavailableException || failure instanceof UpstreamTimeoutException;
    }

    /** For Mutiny's {@code retry().when(...)}: one delayed item per retry, a failure once retrying is pointless. */
    Multi<Integer> schedule(Multi<Throwable> failures) {
        return failures.onItem().transformToUniAndConcatenate(failure -> {
            UpstreamException known = (UpstreamException) failure;
            lastFailure.set(known);
            int retry = retries.incrementAndGet();
            if (retry >= maxAttempts) {
                return Uni.createFrom().failure(known);
            }
            Duration delay = delayBefore(retry, known);
            if (clock.instant().plus(delay).isAfter(deadline)) {
                return Uni.createFrom().failure(known); // Apiframe asks for more patience than the deadline allows
            }
            onRetry.run();
            Uni<Integer> next = Uni.createFrom().item(retry);
            // full jitter may draw 0 ms, which Mutiny's delayIt() refuses: then retry at once
            return delay.isZero() ? next : next.onItem().delayIt().by(delay);
        });
    }

    /** What the caller is told when the deadline passes: the last transient failure, or a timeout. */
    UpstreamException deadlinePassed(Duration submitDeadline) {
        UpstreamException last = lastFailure.get();
        return last instanceof UpstreamUnavailableException ? last
                : new UpstreamTimeoutException("Apiframe did not accept the job within " + submitDeadline);
    }

    private Duration delayBefore(int retry, UpstreamException failure) {
        long ceiling = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(retry - 1, 20));
        Duration backoff = Duration.ofMillis(jitter.applyAsLong(ceiling));
        if (failure instanceof UpstreamUnavailableException unavailable && unavailable.retryAfter().isPresent()
                && unavailable.retryAfter().get().compareTo(backoff) > 0) {
            return unavailable.retryAfter().get();
        }
        return backoff;
    }
}
