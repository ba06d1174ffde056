package gateway.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import gateway.config.GatewayConfig;
import gateway.metrics.GatewayMetrics;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

/**
 * Protects the gateway from a failing or slow Apiframe on the paths that create work (submissions and uploads):
 * a circuit breaker that fails fast while Apiframe is down, and a bulkhead that bounds how many such calls may be
 * running or waiting, so a slow Apiframe cannot pile up connections and memory.
 */
@Startup // its circuit gauge exists from the start, not from the first submission
@ApplicationScoped
class UpstreamGuard {

    static final String CIRCUIT_BREAKER = "apiframe-submissions";
    private static final TypeLiteral<Uni<String>> UNI_OF_STRING = new TypeLiteral<>() {
    };

    private final Guard guard;
    private final Clock clock;
    private final Duration openFor;
    private volatile Instant openedAt;

    UpstreamGuard(GatewayConfig config, Clock clock, GatewayMetrics metrics) {
        GatewayConfig.Upstream upstream = config.upstream();
        GatewayConfig.CircuitBreaker breaker = upstream.circuitBreaker();
        this.clock = clock;
        this.openFor = breaker.delay();
        this.guard = Guard.create()
                .withDescription("Apiframe submissions and uploads")
                .withCircuitBreaker()
                .name(CIRCUIT_BREAKER)
                .requestVolumeThreshold(breaker.requestVolume())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .when(SubmissionRetries::isTransient) // a refusal (4xx) says nothing about Apiframe's health
                .onStateChange(state -> openedAt = state == CircuitBreakerState.OPEN ? clock.instant() : null)
                .done()
                .withBulkhead()
                .limit(upstream.maxConcurrentSubmissions())
                .queueSize(upstream.submissionQueue())
                .done()
                .withThreadOffload(false) // the guarded calls never block: no hop to another thread or task
                .build();
        metrics.circuitOpenGauge(() -> state() == CircuitBreakerState.CLOSED ? 0 : 1);
    }

    CircuitBreakerState state() {
        return CircuitBreakerMaintenance.get().currentState(CIRCUIT_BREAKER);
    }

    Uni<String> guard(Supplier<Uni<String>> call) {
        return guard.get(call, UNI_OF_STRING)
                .onFailure(CircuitBreakerOpenException.class).transform(open -> new UpstreamUnavailableException(
                        "Apiframe has been failing; the circuit breaker is open", remainingOpen()))
                .onFailure(BulkheadException.class).transform(full -> new UpstreamUnavailableException(
                        "Too many submissions are already waiting for Apiframe", Duration.ofSeconds(1)));
    }

    private Duration remainingOpen() {
        Instant opened = openedAt;
        if (opened == null) {
            return Duration.ofSeconds(1);
        }
        Duration remaining = Duration.between(clock.instant(), opened.plus(openFor));
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }
}
