package gateway.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import gateway.config.GatewayConfig;
import gateway.job.SubmissionRequest.UploadedImage;
import gateway.metrics.GatewayMetrics;
import gateway.tenant.InFlightQuota;
import gateway.tenant.Tenant;
import gateway.upstream.ApiframeClient;
import gateway.upstream.ClarityUpscaleParams;
import io.smallrye.mutiny.Uni;

/**
 * Turns an accepted request into a job: submits it to Apiframe with the tenant's key and, once Apiframe has accepted
 * it, has the {@link JobRecorder} store it and hand it to the {@link JobWatcher}. A job exists only after Apiframe
 * accepted it. A request under a client {@code Idempotency-Key} is answered from its first submission instead.
 */
@ApplicationScoped
public class JobSubmitter {

    private final ApiframeClient upstream;
    private final JobStore store;
    private final IdempotencyStore idempotency;
    private final RequestDigests digests;
    private final JobRecorder recorder;
    private final InFlightQuota quota;
    private final StoreRoom room;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final WebhookUrls webhookUrls;
    private final Duration slotRetryAfter;
    private final Duration submitDeadline;

    JobSubmitter(ApiframeClient upstream, JobStore store, IdempotencyStore idempotency, RequestDigests digests,
            JobRecorder recorder, InFlightQuota quota, StoreRoom room, Clock clock, GatewayMetrics metrics,
            WebhookUrls webhookUrls, GatewayConfig config) {
        this.upstream = upstream;
        this.webhookUrls = webhookUrls;
        this.quota = quota;
        this.room = room;
        this.submitDeadline = config.upstream().submitDeadline();
        this.slotRetryAfter = config.polling().maxInterval();
        this.store = store;
        this.idempotency = idempotency;
        this.digests = digests;
        this.recorder = recorder;
        this.clock = clock;
        this.metrics = metrics;
    }

    public Uni<Submission> submit(Tenant tenant, SubmissionRequest request) {
        // from the request's arrival, so neither queueing nor an upload can outlast the idempotency claim
        Instant deadline = clock.instant().plus(submitDeadline);
        return runToTheEnd(submission(tenant, request, deadline));
    }

    /**
     * Runs a submission to its end even if the caller hangs up meanwhile: once Apiframe may have accepted the job,
     * it must be stored and watched, or the tenant would pay for a job nobody can see.
     */
    private static <T> Uni<T> runToTheEnd(Uni<T> work) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        work.subscribe().with(outcome::complete, outcome::completeExceptionally);
        return Uni.createFrom().completionStage(outcome);
    }

    private Uni<Submission> submission(Tenant tenant, SubmissionRequest request, Instant deadline) {
        String clientKey = request.idempotencyKey();
        if (clientKey == null) {
            // one upstream key per submission, the same on every retry, so a retry never creates a second job
            return createInSlot(tenant, request, JobIds.next(), UUID.randomUUID().toString(), null, deadline)
                    .map(job -> new Submission(job, false));
        }
        String digest = digests.of(request);
        return idempotency.claim(tenant.id(), clientKey, digest).chain(existing -> {
            if (existing == null) {
                return createKeyed(tenant, request, clientKey, deadline)
                        .onFailure().call(() -> idempotency.release(tenant.id(), clientKey));
            }
            if (!existing.requestDigest().equals(digest)) {
                return Uni.createFrom().failure(new IdempotencyKeyReusedException());
            }
            if (existing.isInProgress()) {
                return Uni.createFrom().failure(new IdempotencyKeyInProgressException());
            }
            return store.find(tenant.id(), existing.jobId())
                    .onItem().ifNotNull().transform(job -> new Submission(job, true))
                    // the job outlived its retention: submit again, and Apiframe replays its own job for the key
                    .onItem().ifNull().switchTo(() -> createKeyed(tenant, request, clientKey, deadline));
        });
    }

    /**
     * Creates the job of a client key, whose id follows from the key: when an earlier attempt's job is stored
     * already (its idempotency record was lost after Apiframe accepted it), that job is the answer.
     */
    private Uni<Submission> createKeyed(Tenant tenant, SubmissionRequest request, String clientKey,
            Instant deadline) {
        String upstreamKey = RequestDigests.upstreamKey(tenant.id(), clientKey);
        String jobId = JobIds.forUpstreamKey(upstreamKey);
        return store.find(tenant.id(), jobId).chain(known -> known != null
                ? idempotency.complete(tenant.id(), clientKey, jobId).replaceWith(new Submission(known, true))
                : createInSlot(tenant, request, jobId, upstreamKey, clientKey, deadline)
                        .map(job -> new Submission(job, false)));
    }

    /**
     * Creates the job in one of the tenant's in-flight slots, which the job holds until it is terminal, and in room
     * the store holds for it from before Apiframe is called until the job is stored.
     */
    private Uni<Job> createInSlot(Tenant tenant, SubmissionRequest request, String jobId,
            String upstreamIdempotencyKey, String clientKey, Instant deadline) {
        return Uni.createFrom().item(() -> room.reserve(request.parameters(), request.metadata())).chain(hold -> quota
                .tryReserve(tenant, jobId).chain(reserved -> {
                    if (!reserved) {
                        metrics.rateLimited(tenant.id(), "too_many_in_flight");
                        return Uni.createFrom().<Job>failure(new TooManyInFlightException(slotRetryAfter));
                    }
                    return create(jobId, tenant, request, upstreamIdempotencyKey, clientKey, deadline)
                            .onFailure().call(() -> quota.release(tenant.id(), jobId));
                }).eventually(hold::release));
    }

    private Uni<Job> create(String jobId, Tenant tenant, SubmissionRequest request, String upstreamIdempotencyKey,
            String clientKey, Instant deadline) {
        return parameters(tenant, request, deadline)
                .chain(parameters -> upstream.submit(tenant.apiframeKey(), clarity(parameters),
                        upstreamIdempotencyKey, webhookUrls.forJob(tenant.id(), jobId), deadline)
                        .chain(upstreamJobId -> recorder.record(Job.accepted(jobId, tenant.id(), parameters,
                                request.metadata(), request.callback(), upstreamJobId, clock.instant()), tenant,
                                clientKey)));
    }

    /** The parameters to submit: an uploaded image is first sent to Apiframe, which gives it a URL. */
    private Uni<UpscaleParameters> parameters(Tenant tenant, SubmissionRequest request, Instant deadline) {
        UploadedImage image = request.upload();
        if (image == null) {
            return Uni.createFrom().item(request.parameters());
        }
        return upstream.upload(tenant.apiframeKey(), image.file(), image.fileName(), image.contentType(), deadline)
                .map(url -> request.parameters().withImage(url));
    }

    /** The gateway's parameters as Apiframe's Clarity model takes them. */
    private static ClarityUpscaleParams clarity(UpscaleParameters p) {
        return new ClarityUpscaleParams(p.image(), p.prompt(), p.negativePrompt(), p.scale(), p.creativity(),
                p.resemblance(), p.dynamic(), p.steps(), p.sharpen(), p.seed(), p.format());
    }
}
