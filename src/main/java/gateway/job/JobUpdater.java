package gateway.job;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import gateway.metrics.GatewayMetrics;
import gateway.tenant.InFlightQuota;
import io.smallrye.mutiny.Uni;

/**
 * The one way news of a job reaches its stored state, whether a poll, a webhook or the timeout brought it: the
 * store applies {@link Job#advance} atomically, every follower hears of the result (on every replica, with Redis),
 * its callback delivery is queued, and the update that ends the job counts it and frees its tenant's in-flight slot,
 * once.
 */
@ApplicationScoped
public class JobUpdater {

    private final JobStore store;
    private final JobAnnouncer announcer;
    private final InFlightQuota quota;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final JobCallbacks callbacks;

    JobUpdater(JobStore store, JobAnnouncer announcer, InFlightQuota quota, GatewayMetrics metrics, Clock clock,
            JobCallbacks callbacks) {
        this.store = store;
        this.callbacks = callbacks;
        this.announcer = announcer;
        this.quota = quota;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The job as stored after the update (null when it is gone), and whether the update moved it. */
    public record Applied(Job job, boolean moved) {
    }

    public Uni<Applied> apply(String tenantId, String jobId, JobUpdate update) {
        // the store may run the change more than once (a Redis write conflict): its last run is what is stored
        AtomicBoolean moved = new AtomicBoolean();
        return store.update(tenantId, jobId, job -> {
            Job next = job.advance(update, clock.instant());
            moved.set(next != job);
            return next;
        })
                // queued before it is announced: if queuing fails, the next poll finds the change stored, and
                // nothing was announced or counted twice
                .call(job -> job != null && job.hasCallbackDue() ? callbacks.deliver(job) : Uni.createFrom().voidItem())
                .call(job -> settle(tenantId, jobId, job, moved.get()))
                .map(job -> new Applied(job, job != null && moved.get()));
    }

    private Uni<Void> settle(String tenantId, String jobId, Job job, boolean moved) {
        if (job == null) {
            return quota.release(tenantId, jobId); // evicted while in flight
        }
        announcer.announce(job);
        if (!moved || !job.isTerminal()) {
            return Uni.createFrom().voidItem();
        }
        metrics.jobFinished(job.tenantId(), job.status().wireName(),
                Duration.between(job.createdAt(), job.completedAt()));
        if (job.error() != null) {
            metrics.jobFailed(job.tenantId(), job.error().code());
        }
        return quota.release(job.tenantId(), job.id());
    }
}
