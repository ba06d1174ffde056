package gateway.job;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;

import org.jboss.logging.Logger;

import gateway.config.GatewayConfig;
import gateway.store.StoreUnavailableException;
import gateway.tenant.Tenant;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;

/**
 * Records a job Apiframe has accepted: stores it (with its poll lease), hands it to the {@link JobWatcher} and
 * completes its client idempotency record. When the store cannot take it now (Redis down, or past the command
 * deadline), the job is kept here and recorded again with backoff until the store is back, and the caller still gets
 * the job: once Apiframe accepted a job, it is answered and it is not forgotten while this replica lives.
 */
@ApplicationScoped
public class JobRecorder {

    private static final Logger LOG = Logger.getLogger(JobRecorder.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);

    // accepted jobs waiting for the store, by id: at most gateway.redis.max-unrecorded-jobs, each leaving once
    // recorded or given up (after gateway.jobs.timeout)
    private final ConcurrentHashMap<String, Job> unrecorded = new ConcurrentHashMap<>();
    private final JobStore store;
    private final IdempotencyStore idempotency;
    private final JobWatcher watcher;
    private final int maxUnrecorded;
    private final long giveUpMillis;

    JobRecorder(JobStore store, IdempotencyStore idempotency, JobWatcher watcher, GatewayConfig config) {
        this.store = store;
        this.idempotency = idempotency;
        this.watcher = watcher;
        this.maxUnrecorded = config.redis().maxUnrecordedJobs();
        this.giveUpMillis = config.jobs().timeout().toMillis();
    }

    /**
     * The job, once stored or kept for storing; fails with a {@link StoreUnavailableException} only when the store
     * failed and this replica keeps as many unrecorded jobs as it may.
     */
    public Uni<Job> record(Job job, Tenant tenant, String clientKey) {
        return store.insert(job)
                .chain(() -> stored(job, tenant, clientKey))
                .onFailure(StoreUnavailableException.class).recoverWithUni(failure -> keep(job, tenant, clientKey,
                        (StoreUnavailableException) failure));
    }

    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        unrecorded.values().forEach(job -> LOG.errorf("Job %s of tenant %s (Apiframe job %s) was accepted by Apiframe "
                + "but never recorded: the store was unavailable until shutdown", job.id(), job.tenantId(),
                job.upstreamJobId()));
    }

    private Uni<Job> keep(Job job, Tenant tenant, String clientKey, StoreUnavailableException failure) {
        if (unrecorded.size() >= maxUnrecorded || unrecorded.putIfAbsent(job.id(), job) != null) {
            LOG.errorf("Job %s of tenant %s (Apiframe job %s) was accepted by Apiframe but cannot be recorded: %s",
                    job.id(), tenant.id(), job.upstreamJobId(), failure.getMessage());
            return Uni.createFrom().failure(failure);
        }
        LOG.warnf("Job %s of tenant %s was accepted by Apiframe but not stored (%s); recording it when the store is "
                + "back", job.id(), tenant.id(), failure.getMessage());
        store.insert(job)
                .onFailure(StoreUnavailableException.class).retry().withBackOff(FIRST_RETRY, LONGEST_RETRY)
                .expireIn(giveUpMillis)
                .onTermination().invoke(() -> unrecorded.remove(job.id()))
                .subscribe().with(stored -> {
                    stored(job, tenant, clientKey).subscribe().with(done -> {
                    }, impossible -> LOG.errorf("Could not finish recording job %s: %s", job.id(), impossible));
                }, gaveUp -> LOG.errorf("Gave up recording job %s of tenant %s (Apiframe job %s): %s", job.id(),
                        tenant.id(), job.upstreamJobId(), gaveUp.getMessage()));
        return Uni.createFrom().item(job);
    }

    /** The job is stored: it is polled from now on, and its client key names it (again later if that fails now). */
    private Uni<Job> stored(Job job, Tenant tenant, String clientKey) {
        LOG.infof("Job %s of tenant %s accepted by Apiframe", job.id(), tenant.id());
        watcher.watch(job, tenant);
        if (clientKey == null) {
            return Uni.createFrom().item(job);
        }
        return idempotency.complete(tenant.id(), clientKey, job.id()).replaceWith(job)
                .onFailure(StoreUnavailableException.class).recoverWithItem(failure -> {
                    // retried in the background, one per submission an outage caught, for at most the job timeout;
                    // meanwhile the claim may lapse, and a retry then finds this job by its id (JobIds.forUpstreamKey)
                    idempotency.complete(tenant.id(), clientKey, job.id())
                            .onFailure(StoreUnavailableException.class).retry()
                            .withBackOff(FIRST_RETRY, LONGEST_RETRY).expireIn(giveUpMillis)
                            .subscribe().with(done -> {
                            }, gaveUp -> LOG.warnf("Could not complete the idempotency record of job %s of tenant "
                                    + "%s: %s", job.id(), tenant.id(), gaveUp.getMessage()));
                    return job;
                });
    }
}
