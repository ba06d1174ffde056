package gateway.emulator;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vertx.mutiny.core.Vertx;

/**
 * Apiframe's webhooks for the emulator's jobs. A job submitted with a {@code webhookUrl} gets a POST there on each
 * change it goes through, as far as its {@code webhookEvents} ask: {@code progress} for every change of status or
 * progress while it runs, then {@code completed} or {@code failed}. Each carries the job as
 * {@code GET /v2/jobs/{id}} shows it at that change, and the job's {@code webhookStatus} follows the deliveries.
 */
@ApplicationScoped
class EmulatedWebhooks {

    /**
     * Webhooks waiting or in flight across all jobs, at most (each job has at most one progress and one final
     * webhook waiting); beyond it a webhook is dropped and its job's {@code webhookStatus} is failed.
     */
    static final int MAX_PENDING_DELIVERIES = 10_000;

    private final Vertx vertx;
    private final EmulatedJobs jobs;
    private final WebhookSender sender;
    private final Duration delay;
    private final WebhookFaults faults;
    private final Semaphore pendingDeliveries;
    // One entry per running job with a webhookUrl, removed when it ends or is evicted: at most max-jobs.
    private final Map<UUID, JobWebhooks> watched = new ConcurrentHashMap<>();

    @Inject
    EmulatedWebhooks(Vertx vertx, EmulatedJobs jobs, WebhookSender sender, EmulatorConfig config) {
        this(vertx, jobs, sender, config.webhookDelay(), new WebhookFaults(config.webhookFaults(), config.webhookFaultKinds()),
                MAX_PENDING_DELIVERIES);
    }

    EmulatedWebhooks(Vertx vertx, EmulatedJobs jobs, WebhookSender sender, Duration delay, WebhookFaults faults,
            int maxPendingDeliveries) {
        this.vertx = vertx;
        this.jobs = jobs;
        this.sender = sender;
        this.delay = delay;
        this.faults = faults;
        this.pendingDeliveries = new Semaphore(maxPendingDeliveries);
    }

    /** Starts watching a job just accepted, if it was submitted with a {@code webhookUrl}. */
    void follow(EmulatedJob job, String resultUrl) {
        WebhookSubscription.of(job.request()).ifPresent(subscription -> {
            WebhookOutbox outbox = new WebhookOutbox(job.id(), sender, delay, pendingDeliveries,
                    status -> jobs.recordWebhookStatus(job.id(), status));
            JobWebhooks webhooks = new JobWebhooks(job, new WebhookComposer(job.apiKey(), subscription, resultUrl, faults),
                    outbox, jobs, vertx, () -> watched.remove(job.id()));
            watched.put(job.id(), webhooks);
            webhooks.check();
        });
    }

    /** The job's upscale has ended, with its result stored or failed: a change the clock cannot foresee. */
    void upscaleEnded(UUID jobId) {
        JobWebhooks webhooks = watched.get(jobId);
        if (webhooks != null) {
            webhooks.check();
        }
    }
}
