package gateway.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import gateway.GatewayConfig;
import gateway.GatewayMetrics;
import gateway.tenant.InFlightQuota;
import gateway.tenant.Tenant;
import gateway.upstream.ApiframeClient;
import gateway.upstream.UpstreamException;
import gateway.upstream.UpstreamUnavailableException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Polls every in-flight job until it is terminal: exactly one poll loop per job, however many clients follow it.
 * One timer drives all jobs: each tick polls the jobs that are due, at most {@code gateway.polling.max-concurrent}
 * at a time. No thread is held per job and nothing here blocks.
 */
@ApplicationScoped
public class JobWatcher {

    private static final Logger LOG = Logger.getLogger(JobWatcher.class);
    private static final Duration TICK = Duration.ofMillis(100);
    private static final double INTERVAL_GROWTH = 1.5;

    // one entry per in-flight job, taken out while its poll runs and not put back once terminal: bounded by
    // the in-flight jobs, which gateway.jobs.timeout bounds in time
    private final ConcurrentSkipListSet<Watch> due = new ConcurrentSkipListSet<>(
            Comparator.comparing(Watch::dueAt).thenComparing(Watch::jobId));
    private final AtomicInteger pollsRunning = new AtomicInteger();

    private final ApiframeClient upstream;
    private final JobStore store;
    private final JobAnnouncer announcer;
    private final Vertx vertx;
    private final InFlightQuota quota;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final GatewayConfig.Polling polling;
    private final Duration jobTimeout;
    private long timerId = -1;

    JobWatcher(ApiframeClient upstream, JobStore store, JobAnnouncer announcer, Vertx vertx, InFlightQuota quota,
            GatewayMetrics metrics, Clock clock, GatewayConfig config) {
        this.quota = quota;
        this.metrics = metrics;
        this.upstream = upstream;
        this.store = store;
        this.announcer = announcer;
        this.vertx = vertx;
        this.clock = clock;
        this.polling = config.polling();
        this.jobTimeout = config.jobs().timeout();
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(TICK.toMillis(), id -> pollDueJobs());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timerId);
    }

    /** Starts polling a job Apiframe has just accepted. */
    public void watch(Job job, Tenant tenant) {
        Instant deadline = job.createdAt().plus(jobTimeout);
        Duration interval = polling.initialDelay();
        due.add(new Watch(job.id(), tenant, job.upstreamJobId(), deadline, earliest(clock.instant().plus(interval),
                deadline), interval, null));
    }

    /** How many jobs this instance is polling. */
    public int watchedJobs() {
        return due.size() + pollsRunning.get();
    }

    private void pollDueJobs() {
        Instant now = clock.instant();
        while (pollsRunning.get() < polling.maxConcurrent() && !due.isEmpty()) {
            Watch next = due.first();
            if (next.dueAt().isAfter(now)) {
                return;
            }
            if (!due.remove(next)) {
                continue;
            }
            if (now.isBefore(next.deadline())) {
                poll(next);
            } else {
                timeOut(next);
            }
        }
    }

    private void poll(Watch watch) {
        pollsRunning.incrementAndGet();
        upstream.fetchJob(watch.tenant(), watch.upstreamJobId())
                .onItem().transform(JobUpdate::fromUpstream)
                .chain(update -> apply(watch, update))
                .onTermination().invoke(pollsRunning::decrementAndGet)
                .subscribe().with(job -> afterPoll(watch, job), failure -> afterFailedPoll(watch, failure));
    }

    private void afterPoll(Watch watch, Job job) {
        if (job != null && !job.isTerminal()) {
            Duration interval = grow(watch.interval(), INTERVAL_GROWTH);
            reschedule(watch.next(clock.instant(), interval, null));
        }
    }

    /**
     * No poll failure ends a job, not even a 404 for a job Apiframe accepted (it may be replication lag, and a job
     * Apiframe really lost ends at the timeout, whose message then says what the last poll saw).
     */
    private void afterFailedPoll(Watch watch, Throwable failure) {
        String problem = failure instanceof UpstreamException ? failure.getMessage() : failure.getClass().getSimpleName();
        LOG.debugf("Poll of job %s of tenant %s failed, retrying: %s", watch.jobId(), watch.tenant().id(), problem);
        metrics.upstreamRetry("poll");
        Duration backoff = grow(watch.interval(), 2);
        if (failure instanceof UpstreamUnavailableException unavailable && unavailable.retryAfter().isPresent()
                && unavailable.retryAfter().get().compareTo(backoff) > 0) {
            backoff = unavailable.retryAfter().get(); // honour Apiframe's own pause
        }
        reschedule(watch.next(clock.instant(), backoff, problem));
    }

    private void timeOut(Watch watch) {
        LOG.infof("Job %s of tenant %s timed out after %s", watch.jobId(), watch.tenant().id(), jobTimeout);
        String lastPoll = watch.lastProblem() == null ? "" : " (last poll: " + watch.lastProblem() + ")";
        finish(watch, JobUpdate.failed(JobError.TIMEOUT, "The job did not finish within " + jobTimeout + lastPoll));
    }

    private void finish(Watch watch, JobUpdate update) {
        apply(watch, update).subscribe().with(job -> {
        }, failure -> LOG.errorf("Could not record the end of job %s of tenant %s: %s", watch.jobId(),
                watch.tenant().id(), failure.getClass().getSimpleName()));
    }

    /** Stores the update and tells followers; a job's end also frees its tenant's in-flight slot, once. */
    private Uni<Job> apply(Watch watch, JobUpdate update) {
        return store.update(watch.tenant().id(), watch.jobId(), job -> job.advance(update, clock.instant()))
                .call(job -> {
                    if (job == null) {
                        return quota.release(watch.tenant().id()); // evicted while in flight: its slot is free
                    }
                    announcer.announce(job);
                    if (!job.isTerminal()) {
                        return Uni.createFrom().voidItem();
                    }
                    metrics.jobFinished(job.tenantId(), job.status().wireName(),
                            Duration.between(job.createdAt(), job.completedAt()));
                    if (job.error() != null) {
                        metrics.jobFailed(job.tenantId(), job.error().code());
                    }
                    return quota.release(job.tenantId());
                });
    }

    private void reschedule(Watch watch) {
        due.add(watch.withDueAt(earliest(watch.dueAt(), watch.deadline())));
    }

    private Duration grow(Duration interval, double factor) {
        Duration grown = Duration.ofMillis((long) (interval.toMillis() * factor));
        return grown.compareTo(polling.maxInterval()) > 0 ? polling.maxInterval() : grown;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** One in-flight job's place in the schedule. */
    private record Watch(String jobId, Tenant tenant, String upstreamJobId, Instant deadline, Instant dueAt,
            Duration interval, String lastProblem) {

        Watch next(Instant now, Duration interval, String lastProblem) {
            return new Watch(jobId, tenant, upstreamJobId, deadline, now.plus(interval), interval, lastProblem);
        }

        Watch withDueAt(Instant dueAt) {
            return new Watch(jobId, tenant, upstreamJobId, deadline, dueAt, interval, lastProblem);
        }
    }
}
