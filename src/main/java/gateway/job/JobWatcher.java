package gateway.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import gateway.config.GatewayConfig;
import gateway.metrics.GatewayMetrics;
import gateway.tenant.InFlightQuota;
import gateway.tenant.Tenant;
import gateway.tenant.TenantRegistry;
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
 * at a time. No thread is held per job and nothing here blocks. With several replicas, a {@link PollLeases} lease
 * decides which one polls a job; each poll renews it, and a replica takes over the jobs whose lease lapsed.
 * <p>
 * When submissions ask for Apiframe's webhooks, polling is the safety net: a job is polled only once it has had no
 * news for {@code gateway.polling.webhook-grace} (news being its acceptance, or a change a webhook made on any
 * replica, seen in the store), then on the usual schedule. While it waits, its lease is renewed as a poll would.
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
    // the ids in due, plus those whose poll is running: bounded by the in-flight jobs, like due
    private final Set<String> watching = ConcurrentHashMap.newKeySet();

    private final ApiframeClient upstream;
    private final JobStore store;
    private final JobUpdater updater;
    private final Vertx vertx;
    private final InFlightQuota quota;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final GatewayConfig.Polling polling;
    private final Duration jobTimeout;
    private final PollLeases leases;
    private final TenantRegistry tenants;
    private final JobCallbacks callbacks;
    private final boolean webhooks;
    // a third of a lease, as often as the replicas look for lapsed ones
    private final Duration leaseRenewal;
    private long timerId = -1;
    private long takeoverTimerId = -1;

    JobWatcher(ApiframeClient upstream, JobStore store, JobUpdater updater, PollLeases leases,
            TenantRegistry tenants, JobCallbacks callbacks, Vertx vertx, InFlightQuota quota, GatewayMetrics metrics,
            Clock clock, WebhookUrls webhookUrls, GatewayConfig config) {
        this.leases = leases;
        this.callbacks = callbacks;
        this.tenants = tenants;
        this.quota = quota;
        this.metrics = metrics;
        this.upstream = upstream;
        this.store = store;
        this.updater = updater;
        this.vertx = vertx;
        this.clock = clock;
        this.polling = config.polling();
        this.jobTimeout = config.jobs().timeout();
        this.webhooks = webhookUrls.subscribed();
        this.leaseRenewal = Duration.ofMillis(Math.max(1, polling.lease().toMillis() / 3));
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(TICK.toMillis(), id -> pollDueJobs());
        takeoverTimerId = vertx.setPeriodic(leaseRenewal.toMillis(), id -> takeOverOrphans());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timerId);
        vertx.cancelTimer(takeoverTimerId);
    }

    /**
     * Starts polling a job this replica holds the lease on: one it has just stored (storing took the lease) or
     * taken over. Each poll renews the lease, and a poll that finds it held by another replica stops here.
     */
    public void watch(Job job, Tenant tenant) {
        if (!watching.add(job.id())) {
            return;
        }
        Instant now = clock.instant();
        Instant deadline = job.createdAt().plus(jobTimeout);
        Duration interval = polling.initialDelay();
        Instant quietUntil = webhooks ? job.updatedAt().plus(polling.webhookGrace()) : now;
        Watch watch = new Watch(job.id(), tenant, job.upstreamJobId(), deadline, now.plus(interval), interval, null,
                quietUntil, job.seq());
        due.add(watch.dueAt().isBefore(quietUntil) ? quiet(watch, now)
                : watch.withDueAt(earliest(watch.dueAt(), deadline)));
    }

    /** A job ended by news other than its polls (a webhook here): nothing is left to poll. */
    public void ended(Job job) {
        if (watching.remove(job.id())) {
            releaseLease(job.tenantId(), job.id());
        }
    }

    /** Picks up in-flight jobs whose polling replica is gone (their lease lapsed). */
    private void takeOverOrphans() {
        leases.orphans().subscribe().with(orphans -> orphans.forEach(this::takeOver),
                failure -> LOG.debugf("Could not look for orphaned jobs: %s", failure.getMessage()));
    }

    private void takeOver(PollLeases.Orphan orphan) {
        Tenant tenant = tenants.byId(orphan.tenantId()).orElse(null);
        if (tenant == null || watching.contains(orphan.jobId())) {
            return;
        }
        store.find(tenant.id(), orphan.jobId())
                .onFailure(UnreadableJobException.class).recoverWithUni(unreadable -> {
                    LOG.errorf("Not taking over a job: %s", unreadable.getMessage());
                    return quota.release(tenant.id(), orphan.jobId()).replaceWith((Job) null);
                })
                // its replica may have died between storing a change and queuing its delivery
                .call(job -> job != null && job.callback() != null && job.callback().isPending()
                        ? callbacks.deliver(job) : Uni.createFrom().voidItem())
                .chain(job -> job == null || job.isTerminal()
                        ? leases.release(tenant.id(), orphan.jobId()).replaceWith((Job) null) // nothing left to poll
                        : leases.hold(tenant.id(), job.id()).map(held -> held ? job : null))
                .subscribe().with(job -> {
                    if (job != null) {
                        LOG.infof("Taking over the polling of job %s of tenant %s", job.id(), tenant.id());
                        watch(job, tenant);
                    }
                }, failure -> LOG.debugf("Could not take over job %s: %s", orphan.jobId(), failure.getMessage()));
    }

    private void pollDueJobs() {
        Instant now = clock.instant();
        while (pollsRunning.get() < polling.maxConcurrent() && !due.isEmpty()) {
            Watch next = due.first();
            if (next.dueAt().isAfter(now)) {
                return;
            }
            if (!due.remove(next) || !watching.contains(next.jobId())) {
                continue; // taken by another tick, or ended by a webhook
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
        leases.hold(watch.tenant().id(), watch.jobId())
                .onTermination().invoke(pollsRunning::decrementAndGet)
                .subscribe().with(held -> {
                    Instant now = clock.instant();
                    if (!held) {
                        LOG.debugf("Job %s of tenant %s is polled by another replica", watch.jobId(),
                                watch.tenant().id());
                        watching.remove(watch.jobId());
                    } else if (now.isBefore(watch.quietUntil())) {
                        due.add(quiet(watch, now)); // the lease is renewed; no news is due yet
                    } else if (webhooks) {
                        lookForNews(watch);
                    } else {
                        fetch(watch);
                    }
                }, failure -> afterFailedPoll(watch, failure));
    }

    /**
     * Before polling Apiframe, reads the job: a webhook may have moved it meanwhile on another replica, and its
     * polls then wait a grace from that change instead.
     */
    private void lookForNews(Watch watch) {
        pollsRunning.incrementAndGet();
        store.find(watch.tenant().id(), watch.jobId())
                .onTermination().invoke(pollsRunning::decrementAndGet)
                .subscribe().with(job -> {
                    if (job != null && job.isTerminal()) {
                        stopWatching(watch);
                        return;
                    }
                    Watch heard = job != null && job.seq() > watch.knownSeq()
                            ? watch.heard(job, polling.webhookGrace()) : watch;
                    Instant now = clock.instant();
                    if (now.isBefore(heard.quietUntil())) {
                        due.add(quiet(heard, now));
                    } else {
                        fetch(heard);
                    }
                }, failure -> afterFailedPoll(watch, failure));
    }

    /** The watch, due again when its quiet ends, or sooner to renew its lease, or at its deadline. */
    private Watch quiet(Watch watch, Instant now) {
        return watch.withDueAt(earliest(earliest(watch.quietUntil(), now.plus(leaseRenewal)), watch.deadline()));
    }

    private void fetch(Watch watch) {
        pollsRunning.incrementAndGet();
        upstream.fetchJob(watch.tenant().apiframeKey(), watch.upstreamJobId())
                .onItem().transform(JobUpdate::fromUpstream)
                .chain(update -> apply(watch, update))
                .onTermination().invoke(pollsRunning::decrementAndGet)
                .subscribe().with(job -> afterPoll(watch, job), failure -> afterFailedPoll(watch, failure));
    }

    private void afterPoll(Watch watch, Job job) {
        if (job != null && !job.isTerminal()) {
            Duration interval = grow(watch.interval(), INTERVAL_GROWTH);
            reschedule(watch.seen(job).next(clock.instant(), interval, null));
        } else {
            stopWatching(watch);
        }
    }

    private void stopWatching(Watch watch) {
        watching.remove(watch.jobId());
        releaseLease(watch.tenant().id(), watch.jobId());
    }

    private void releaseLease(String tenantId, String jobId) {
        leases.release(tenantId, jobId).subscribe().with(done -> {
        }, failure -> LOG.debugf("Could not release job %s: %s", jobId, failure.getMessage()));
    }

    /**
     * No poll failure ends a job, not even a 404 for a job Apiframe accepted (it may be replication lag, and a job
     * Apiframe really lost ends at the timeout, whose message then says what the last poll saw).
     */
    private void afterFailedPoll(Watch watch, Throwable failure) {
        if (failure instanceof UnreadableJobException) {
            abandon(watch, failure);
            return;
        }
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
        apply(watch, update).subscribe().with(job -> stopWatching(watch), failure -> {
            if (failure instanceof UnreadableJobException) {
                abandon(watch, failure);
                return;
            }
            LOG.warnf("Could not record the end of job %s of tenant %s, trying again: %s", watch.jobId(),
                    watch.tenant().id(), failure.getClass().getSimpleName());
            due.add(watch.next(clock.instant(), polling.maxInterval(), watch.lastProblem())); // past its deadline
        });
    }

    /** A job whose stored form cannot be read cannot be recorded either: it stops taking a poller and a slot. */
    private void abandon(Watch watch, Throwable unreadable) {
        LOG.errorf("Stopped polling a job: %s", unreadable.getMessage());
        quota.release(watch.tenant().id(), watch.jobId()).subscribe().with(released -> {
        }, failure -> LOG.debugf("Could not free the slot of job %s: %s", watch.jobId(), failure.getMessage()));
        stopWatching(watch);
    }

    private Uni<Job> apply(Watch watch, JobUpdate update) {
        return updater.apply(watch.tenant().id(), watch.jobId(), update).map(JobUpdater.Applied::job);
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

    /**
     * One in-flight job's place in the schedule. It is not polled before {@code quietUntil} (a grace after its last
     * news, with webhooks on); {@code knownSeq} is the job's version this watch last saw, so a newer one in the
     * store is news a webhook brought.
     */
    private record Watch(String jobId, Tenant tenant, String upstreamJobId, Instant deadline, Instant dueAt,
            Duration interval, String lastProblem, Instant quietUntil, long knownSeq) {

        Watch next(Instant now, Duration interval, String lastProblem) {
            return new Watch(jobId, tenant, upstreamJobId, deadline, now.plus(interval), interval, lastProblem,
                    quietUntil, knownSeq);
        }

        Watch withDueAt(Instant dueAt) {
            return new Watch(jobId, tenant, upstreamJobId, deadline, dueAt, interval, lastProblem, quietUntil,
                    knownSeq);
        }

        /** The job as a poll left it: not news. */
        Watch seen(Job job) {
            return new Watch(jobId, tenant, upstreamJobId, deadline, dueAt, interval, lastProblem, quietUntil,
                    job.seq());
        }

        /** The job as a webhook left it: polls wait a grace from that change. */
        Watch heard(Job job, Duration grace) {
            return new Watch(jobId, tenant, upstreamJobId, deadline, dueAt, interval, lastProblem,
                    job.updatedAt().plus(grace), job.seq());
        }
    }
}
