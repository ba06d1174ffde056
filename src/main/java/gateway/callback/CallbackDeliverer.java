package gateway.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import gateway.config.GatewayConfig;
import gateway.job.JobCallback.Status;
import gateway.metrics.GatewayMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Makes the queued deliveries: one timer looks at each tenant's queue, and each tenant has a lane of at most
 * {@code gateway.callbacks.max-concurrent-per-tenant} attempts at once on this replica, so a slow or dead receiver
 * fills its own tenant's lane and nothing else. No thread is held per delivery. An attempt's outcome is written into
 * its job first and settled in the queue after, so a replica dying in between leaves a delivery made once more rather
 * than a job showing it pending for ever.
 */
@Startup // the queue-age gauge exists from the start
@ApplicationScoped
public class CallbackDeliverer {

    private static final Logger LOG = Logger.getLogger(CallbackDeliverer.class);
    private static final Duration TICK = Duration.ofMillis(250);

    private final DeliveryQueue queue;
    private final CallbackSender sender;
    private final CallbackStates states;
    private final CallbackTargets targets;
    private final GatewayMetrics metrics;
    private final Vertx vertx;
    private final Clock clock;
    private final DeliveryBackoff backoff;
    private final Duration maxAge;
    private final Duration hold;
    private final int maxConcurrent;
    // one per tenant that may have callbacks: as many as configured tenants
    private final Map<String, Lane> lanes;
    private long timerId = -1;

    CallbackDeliverer(DeliveryQueue queue, CallbackSender sender, CallbackStates states, CallbackTargets targets,
            GatewayMetrics metrics, Vertx vertx, Clock clock, GatewayConfig config) {
        this.queue = queue;
        this.sender = sender;
        this.states = states;
        this.targets = targets;
        this.metrics = metrics;
        this.vertx = vertx;
        this.clock = clock;
        GatewayConfig.Callbacks callbacks = config.callbacks();
        this.backoff = new DeliveryBackoff(callbacks.initialBackoff(), callbacks.maxBackoff());
        this.maxAge = callbacks.maxAge();
        // longer than any attempt, so no other replica takes a delivery while this one still makes it
        this.hold = callbacks.timeout().multipliedBy(2);
        this.maxConcurrent = callbacks.maxConcurrentPerTenant();
        this.lanes = targets.tenants().stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                tenantId -> new Lane()));
        metrics.callbackQueueAgeGauge(() -> lanes.values().stream()
                .mapToLong(lane -> lane.oldestAgeMillis).max().orElse(0) / 1000.0);
    }

    void start(@Observes StartupEvent event) {
        if (!lanes.isEmpty()) {
            timerId = vertx.setPeriodic(TICK.toMillis(), id -> lanes.keySet().forEach(this::claim));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timerId);
    }

    /** A delivery of the tenant was just queued: look now rather than at the next tick. */
    void wake(String tenantId) {
        vertx.runOnContext(ignored -> claim(tenantId));
    }

    private void claim(String tenantId) {
        Lane lane = lanes.get(tenantId);
        if (lane == null) {
            return; // a job queued before its tenant's callbacks were turned off
        }
        int free = maxConcurrent - lane.running.get();
        if (free <= 0 || !lane.claiming.compareAndSet(false, true)) {
            return;
        }
        queue.claim(tenantId, free, hold).subscribe().with(claim -> {
            lane.oldestAgeMillis = claim.oldestAge().toMillis();
            claim.deliveries().forEach(delivery -> attempt(lane, delivery));
            lane.claiming.set(false);
        }, failure -> {
            lane.claiming.set(false);
            LOG.debugf("Could not look at the callback queue of tenant %s: %s", tenantId, failure.getMessage());
        });
    }

    private void attempt(Lane lane, ClaimedDelivery claimed) {
        lane.running.incrementAndGet();
        PendingDelivery delivery = claimed.delivery();
        Uni<Void> attempt = claimed.age().compareTo(maxAge) > 0
                ? giveUp(claimed, claimed.attempt() - 1, null, "no attempt was made within " + maxAge)
                : sender.send(delivery, targets.secret(delivery.tenantId()))
                        .chain(result -> settle(claimed, result));
        attempt.subscribe().with(done -> finished(lane, delivery), failure -> {
            // the claim lapses and the delivery is made again, by this replica or another
            LOG.debugf("Could not settle the delivery of change %d of job %s of tenant %s: %s", delivery.eventSeq(),
                    delivery.jobId(), delivery.tenantId(), failure.getMessage());
            finished(lane, delivery);
        });
    }

    private void finished(Lane lane, PendingDelivery delivery) {
        lane.running.decrementAndGet();
        claim(delivery.tenantId()); // a lane that was full may take the next due delivery now
    }

    private Uni<Void> settle(ClaimedDelivery claimed, AttemptResult result) {
        PendingDelivery delivery = claimed.delivery();
        Instant now = clock.instant();
        return switch (result.kind()) {
            case DELIVERED -> {
                metrics.callback(delivery.tenantId(), "delivered");
                LOG.debugf("Delivered change %d of job %s of tenant %s (attempt %d)", delivery.eventSeq(),
                        delivery.jobId(), delivery.tenantId(), claimed.attempt());
                yield end(delivery, Status.DELIVERED, claimed.attempt(), now, null);
            }
            case GONE -> {
                metrics.callback(delivery.tenantId(), "gone");
                LOG.infof("The callback receiver of job %s of tenant %s answered 410: nothing more is sent for it",
                        delivery.jobId(), delivery.tenantId());
                yield end(delivery, Status.GONE, claimed.attempt(), now, result.error());
            }
            case RETRY -> {
                Duration wait = backoff.after(claimed.attempt(), ThreadLocalRandom.current().nextDouble());
                if (claimed.age().plus(wait).compareTo(maxAge) > 0) {
                    yield giveUp(claimed, claimed.attempt(), now, result.error());
                }
                metrics.callback(delivery.tenantId(), "retried");
                LOG.debugf("Delivery of change %d of job %s of tenant %s failed (attempt %d, %s), retrying in %s",
                        delivery.eventSeq(), delivery.jobId(), delivery.tenantId(), claimed.attempt(), result.error(),
                        wait);
                yield states.record(delivery.tenantId(), delivery.jobId(), delivery.eventSeq(), Status.PENDING,
                        claimed.attempt(), now, result.error())
                        .chain(() -> queue.retryAfter(delivery.tenantId(), delivery.jobId(), delivery.eventSeq(),
                                wait));
            }
        };
    }

    /** Ends a delivery unmade; {@code at} is the last attempt's time, or null when none was made just now. */
    private Uni<Void> giveUp(ClaimedDelivery claimed, int attempts, Instant at, String lastError) {
        PendingDelivery delivery = claimed.delivery();
        metrics.callback(delivery.tenantId(), "expired");
        LOG.warnf("Gave up delivering change %d of job %s of tenant %s after %d attempts over %s: %s",
                delivery.eventSeq(), delivery.jobId(), delivery.tenantId(), attempts, claimed.age(), lastError);
        return end(delivery, Status.FAILED, attempts, at, "gave up after " + attempts + " attempts: " + lastError);
    }

    private Uni<Void> end(PendingDelivery delivery, Status status, int attempts, Instant at, String error) {
        return states.record(delivery.tenantId(), delivery.jobId(), delivery.eventSeq(), status, attempts, at, error)
                .chain(() -> queue.done(delivery.tenantId(), delivery.jobId(), delivery.eventSeq()));
    }

    /** One tenant's deliveries on this replica: how many run, whether a claim is under way, its queue's age. */
    private static final class Lane {
        final AtomicInteger running = new AtomicInteger();
        final AtomicBoolean claiming = new AtomicBoolean();
        volatile long oldestAgeMillis;
    }
}
